// The merge catalogue (/gop, issue 17): staff lines, brisk and factual (copy-vi.md); same keys in vi and en.
export interface MergeStaffCopy {
  /** "/gop" in the help list. */
  helpLine: string;
  usage(p: { name: string; undo: boolean }): string;
  noneFound: string;
  pick: string;
  /** The preview: both records, what is kept field by field, what moves, how to undo. */
  preview(p: { kept: string; merged: string; fields: string[]; moves: string; days: number }): string;
  fieldLine(p: { label: string; value: string; other?: string; fromMerged: boolean }): string;
  nothingMoves: string;
  moveNames: Record<string, string>;
  takeButton(p: { label: string; value: string }): string;
  confirmButton: string;
  stopButton: string;
  stopped: string;
  done(p: { kept: string; moved: string; until: string }): string;
  refused: Record<'not_allowed' | 'not_found' | 'same_customer' | 'busy', string>;
  undoAsk(p: { name: string; at: string }): string;
  undoButton: string;
  undone(p: { name: string; other: string }): string;
  undoRefused: Record<'not_allowed' | 'nothing_to_undo' | 'not_found' | 'expired' | 'already_undone' | 'superseded' | 'erased', string>;
  gender: Record<'female' | 'male' | 'other', string>;
  lunar(p: { day: number; month: number }): string;
}
