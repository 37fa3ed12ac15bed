#!/usr/bin/env node
// `hoso`: the owner's command line.
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.js';
import { EmbeddedDatabaseUnavailableError } from '../devdb/ferretdb.js';
import { CliError, processIo, type CliIo } from './io-and-store.js';
import { registerCustomerCommands } from './customers.js';
import { registerJobCommands } from './jobs.js';
import { registerZaloCommands } from './zalo.js';
import { registerStaffCommands } from './staff.js';
import { registerAuditCommands } from './audit.js';
import { registerDoctorCommand } from './doctor.js';
import { registerCampaignCommands } from './campaigns.js';
import { registerBackupCommands } from './backup.js';
import { hosoVersion } from './version.js';

export { hosoVersion };

const EXAMPLES = `
Ví dụ / examples:
  hoso customers add --name "nguyễn thị lan" --phone "0912 345 678" --birthday "12/3"
  hoso customers find "nguyen thi"              tên không dấu hoặc 3-4 số cuối / name or last phone digits
  hoso customers export --format csv > khach-hang.csv
  hoso staff add --name "Hoa" --role staff --branch q1 --telegram-id 123456789
  hoso jobs list                                 việc định kỳ và hàng đợi / jobs and the outbox
  hoso campaigns preview --segment sap_roi --template "Dạ em chào {ten}…"   chiến dịch / campaigns
  hoso doctor                                    kiểm tra cấu hình, CSDL, kênh / check config, database, channels
  hoso backup --out /srv/backups/hoso-2026-12-02  sao lưu / back up (mongodump, or JSON)
  hoso restore /srv/backups/hoso-2026-12-02       kiểm tra bản sao lưu; thêm --yes để khôi phục / check; --yes restores
  hoso <lệnh / command> --help                   chi tiết một lệnh / one command's options
`;

/** Runs one command line; returns the exit code instead of exiting, so tests can call it in-process. */
export async function runCli(argv: string[], io: CliIo = processIo, env?: Record<string, string | undefined>): Promise<number> {
  const program = new Command('hoso')
    .description('Hồ sơ: hồ sơ khách hàng cho spa / customer records for spas')
    .version(hosoVersion(), '-V, --version', 'phiên bản / version')
    .helpOption('-h, --help', 'trợ giúp / help')
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(hoso --help: các lệnh / commands)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.write(s), writeErr: (s) => io.err(s.trimEnd()) });
  registerCustomerCommands(program, io, env);
  registerZaloCommands(program, io, env);
  registerJobCommands(program, io, env);
  registerStaffCommands(program, io, env);
  registerAuditCommands(program, io, env);
  registerDoctorCommand(program, io, env);
  registerCampaignCommands(program, io, env);
  registerBackupCommands(program, io, env);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    if (e instanceof CliError || e instanceof ConfigError || e instanceof EmbeddedDatabaseUnavailableError) {
      io.err(e.message);
      return 1;
    }
    io.err(`Lỗi / error: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /hoso(\.js|\.ts)?$/.test(process.argv[1]);
if (invokedDirectly) {
  process.exitCode = await runCli(process.argv.slice(2));
}
