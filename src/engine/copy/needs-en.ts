import { NEED_STAGE_NAMES } from '../../domain/needs.js';
import type { NeedsCopy } from './needs-types.js';

export const needsEn: NeedsCopy = {
  stageNames: NEED_STAGE_NAMES.en,
  stagesButton: '🔁 Need stages',
  stagesTitle: ({ name, lines }) => `${name}'s needs:\n${lines}\nTap to move one to another stage (the history is kept). Add a need: /edit needs <service>.`,
  moveButton: ({ need, stage }) => `${need} → ${stage}`,
  moved: ({ name, need, from, stage }) => `Moved "${need}" for ${name}: ${from} → ${stage}.`,
  unchanged: ({ need, stage }) => `"${need}" is already ${stage}; nothing changed.`,
  gone: 'This need is no longer as it was when the button was shown (someone changed it). Type /view to see it again.',
  none: ({ name }) => `${name} has no needs yet. Add one with /edit needs <service>, e.g. /edit needs acne treatment.`,
};
