// Copy for needs by stage (issue 17): the card's needs line, the stage buttons and what moving a need answers.
import type { NeedStage } from '../../domain/needs.js';

export interface NeedsCopy {
  stageNames: Record<NeedStage, string>;
  /** The /xem button that lists the open customer's needs with their stage buttons. */
  stagesButton: string;
  stagesTitle(p: { name: string; lines: string }): string;
  /** One button: this need to that stage. */
  moveButton(p: { need: string; stage: string }): string;
  moved(p: { name: string; need: string; from: string; stage: string }): string;
  unchanged(p: { need: string; stage: string }): string;
  /** The need is no longer on the card as shown (changed or merged meanwhile). */
  gone: string;
  none(p: { name: string }): string;
}
