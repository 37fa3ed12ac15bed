// `hoso zalo …`: seed the OA token pair after an admin's consent, and show the token state (never the tokens).
import type { Command } from 'commander';
import { z } from 'zod';
import { CliError, withStore, type CliIo } from './io-and-store.js';

const setTokensOptions = z.object({
  accessToken: z.string({ error: 'Thiếu --access-token / --access-token is required' }).min(20, 'access token quá ngắn / too short'),
  refreshToken: z.string({ error: 'Thiếu --refresh-token / --refresh-token is required' }).min(20, 'refresh token quá ngắn / too short'),
  // Zalo's access tokens live 25 h (zalo-platform.md §4.2); the API Explorer does not always say.
  expiresIn: z.coerce.number({ error: '--expires-in: số giây / seconds' }).int().positive().max(30 * 86_400).default(90_000),
  oaId: z.string().regex(/^\d+$/, '--oa-id: chỉ gồm chữ số / digits only').optional(),
});

const noOa = 'Chưa có ZALO_OA_ID (hoặc --oa-id) / ZALO_OA_ID (or --oa-id) is not set';

export function registerZaloCommands(program: Command, io: CliIo, env?: Record<string, string | undefined>): void {
  const zalo = program.command('zalo').description('Zalo Official Account');

  zalo
    .command('set-tokens')
    .description('Lưu cặp token OA (từ API Explorer hoặc sau khi cấp quyền) / store the OA token pair')
    .option('--access-token <token>', 'OA access token')
    .option('--refresh-token <token>', 'OA refresh token')
    .option('--expires-in <seconds>', 'thời hạn access token (giây) / access token lifetime in seconds', '90000')
    .option('--oa-id <id>', 'OA id (mặc định ZALO_OA_ID / defaults to ZALO_OA_ID)')
    .action(async (raw: unknown) => {
      const parsed = setTokensOptions.safeParse(raw);
      if (!parsed.success) throw new CliError(parsed.error.issues[0]!.message);
      const o = parsed.data;
      await withStore(env, async (store, config) => {
        const oaId = o.oaId ?? config.ZALO_OA_ID;
        if (!oaId) throw new CliError(noOa);
        const now = new Date();
        await store.zalo.tokens.replace(oaId, { accessToken: o.accessToken, refreshToken: o.refreshToken, expiresInS: o.expiresIn }, now);
        const until = new Date(now.getTime() + o.expiresIn * 1000).toISOString();
        io.out(`Đã lưu token Zalo cho OA ${oaId}; hết hạn ${until}, sẽ tự gia hạn / Zalo tokens saved, refreshed automatically`);
      });
    });

  zalo
    .command('status')
    .description('Tình trạng token Zalo / Zalo token state')
    .action(async () => {
      await withStore(env, async (store, config) => {
        if (!config.ZALO_OA_ID) throw new CliError(noOa);
        const t = await store.zalo.tokens.get(config.ZALO_OA_ID);
        if (!t) throw new CliError('Chưa có token: chạy `hoso zalo set-tokens` / no tokens: run `hoso zalo set-tokens`');
        io.out(`OA ${t.oaId}: access token hết hạn / expires ${t.accessExpiresAt.toISOString()}; gia hạn / rotations ${t.rotations}`);
        if (t.alert) io.out(`CẢNH BÁO / ALERT: cần quản trị viên OA cấp quyền lại / an OA admin must authorise again (${t.alert.reason})`);
      });
    });
}
