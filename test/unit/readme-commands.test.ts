// Issue 17 ("the README's chat section lists every staff and customer command with an example"): every command
// name the bots accept, aliases included, is in the README's "Every chat command" table on a row with an example,
// and the table names no command the bots do not take. Read from the same tables the engine dispatches on.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { foldDiacritics } from '../../src/domain/name.js';
import { COMMANDS } from '../../src/engine/keywords.js';
import { STAFF_COMMAND_NAMES } from '../../src/engine/staff/commands.js';
import { MONEY_COMMANDS } from '../../src/engine/staff/money.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

interface Row {
  who: string;
  names: string[];
  example: string;
}

/** The table's rows: who, the slash names in the Command cell (folded), the Example cell. */
function commandRows(readme: string): Row[] {
  const start = readme.indexOf('### Every chat command');
  if (start < 0) throw new Error('README: no "### Every chat command" section');
  const end = readme.indexOf('\n## ', start);
  const lines = readme.slice(start, end < 0 ? undefined : end).split('\n');
  return lines
    .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l) && !/^\|\s*Who\s*\|/.test(l))
    .map((l) => {
      const [who = '', command = '', example = ''] = l.split('|').slice(1).map((c) => c.trim());
      const names = [...command.matchAll(/`\/([^\s`<]+)/g)].map((m) => foldDiacritics(m[1]!));
      return { who, names, example };
    });
}

const customerNames = Object.keys(COMMANDS);
const staffNames = [...STAFF_COMMAND_NAMES, ...Object.keys(MONEY_COMMANDS)];
const isStaffRow = (who: string): boolean => /staff|manager|owner|everyone/.test(who);
const isCustomerRow = (who: string): boolean => /customer|everyone/.test(who);
/** An example is at least one code span: what to type, or what to do (a photo). */
const hasExample = (r: Row): boolean => /`[^`]+`|\(.+\)/.test(r.example);

describe("the README's table of chat commands", () => {
  const rows = commandRows(README);

  it('is found and parsed (the two test tables are not empty)', () => {
    expect(rows.length).toBeGreaterThan(30);
    expect(customerNames).toContain('toi');
    expect(staffNames).toEqual(expect.arrayContaining(['kh', 'them', 'goilieutrinh', 'huy']));
  });

  it.each(customerNames)('lists the customer command /%s with an example', (name) => {
    // A name staff chats take too (/start, /help, /huy, /lang) may be on any row.
    const fits = (r: Row) => r.names.includes(name) && (isCustomerRow(r.who) || staffNames.includes(name)) && hasExample(r);
    expect(rows.filter(fits).map((r) => r.names)).not.toEqual([]);
  });

  it.each(staffNames)('lists the staff command /%s with an example', (name) => {
    const fits = (r: Row) => r.names.includes(name) && (isStaffRow(r.who) || customerNames.includes(name)) && hasExample(r);
    expect(rows.filter(fits).map((r) => r.names)).not.toEqual([]);
  });

  it('names no command the bots do not take', () => {
    const accepted = new Set([...customerNames, ...staffNames]);
    expect(rows.flatMap((r) => r.names).filter((n) => !accepted.has(n))).toEqual([]);
  });

  it('catches a missing alias and a row without an example (the parser is not blind)', () => {
    const table = ['### Every chat command', '| Who | Command | Example | What it does |', '|---|---|---|---|', '| staff | `/kh` (`/add`) | `/kh Lan` | add |', '| customer | `/toi` | | me |'].join('\n');
    const parsed = commandRows(table);
    expect(parsed.map((r) => r.names)).toEqual([['kh', 'add'], ['toi']]);
    expect(parsed.map(hasExample)).toEqual([true, false]);
    expect(parsed.some((r) => r.names.includes('them'))).toBe(false);
  });
});
