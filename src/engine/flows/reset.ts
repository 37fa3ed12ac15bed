// Ends whatever flow is running: back to idle with an empty draft, keeping only the language.
import type { Ctx } from '../turn-context.js';

export function freshDraftState(ctx: Ctx): void {
  ctx.state.step = null;
  ctx.state.history = [];
  ctx.state.tries = 0;
  ctx.state.offered = [];
  ctx.state.returnToConfirm = false;
  delete ctx.state.resumeStep;
  delete ctx.state.booking;
  delete ctx.state.ownEdit;
  ctx.state.data = { edited: [] };
}
