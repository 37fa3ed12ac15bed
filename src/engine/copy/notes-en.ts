// English copy for staff notes by kind.
import type { NotesCopy } from './notes-types.js';

export const notesEn: NotesCopy = {
  kindNames: { personality: 'Personality', hobby: 'Hobbies', family: 'Family', exam: 'Exam results', skin: 'Skin/health', other: 'Other' },
  group: ({ kind, texts }) => `[${kind}] ${texts}`,
  saved: ({ name, kind }) => `Note (${kind.toLowerCase()}) saved for ${name}.`,
  sensitiveRefused: ({ name, kind }) =>
    `Not saved: a ${kind.toLowerCase()} note is health information, kept only with the customer's consent. ${name} has not agreed to skin/health notes (she can agree when registering, or on paper, recorded with /consent). Plain notes still work: /note text.`,
};
