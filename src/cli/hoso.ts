#!/usr/bin/env node
// `hoso`: the owner's command line.
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.js';
import { CliError, processIo, type CliIo } from './io-and-store.js';
import { registerCustomerCommands } from './customers.js';
import { registerJobCommands } from './jobs.js';
import { registerZaloCommands } from './zalo.js';
import { registerStaffCommands } from './staff.js';
import { registerAuditCommands } from './audit.js';

/** Runs one command line; returns the exit code instead of exiting, so tests can call it in-process. */
export async function runCli(argv: string[], io: CliIo = processIo, env?: Record<string, string | undefined>): Promise<number> {
  const program = new Command('hoso')
    .description('Hồ sơ: hồ sơ khách hàng cho spa / customer records for spas')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.write(s), writeErr: (s) => io.err(s.trimEnd()) });
  registerCustomerCommands(program, io, env);
  registerZaloCommands(program, io, env);
  registerJobCommands(program, io, env);
  registerStaffCommands(program, io, env);
  registerAuditCommands(program, io, env);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    if (e instanceof CliError || e instanceof ConfigError) {
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
