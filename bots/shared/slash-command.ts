// Parses "/cmd@botname args" the same way on every channel where people can type slash commands.

export interface SlashCommand {
  /** Lower-cased, NFC, without the slash and without the @botname suffix. */
  command: string;
  args: string;
  /** The @botname the command was addressed to, lower-cased, if any (matters in groups). */
  target?: string;
}

// Telegram itself only marks [A-Za-z0-9_] as a bot_command, but guests type "/hủy" too: accept any letter
// so the engine's Vietnamese aliases can match; the target is a Telegram username, so ASCII only.
const COMMAND = /^\/([\p{L}\p{M}\p{N}_]{1,64})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+([\s\S]*))?$/u;

export function parseSlashCommand(text: string): SlashCommand | undefined {
  const m = COMMAND.exec(text.trimEnd());
  if (!m?.[1]) return undefined;
  const parsed: SlashCommand = { command: m[1].normalize('NFC').toLowerCase(), args: (m[3] ?? '').trim() };
  if (m[2]) parsed.target = m[2].toLowerCase();
  return parsed;
}
