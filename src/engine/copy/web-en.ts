import type { WebChatCopy } from './web-types.js';

export const webChatEn: WebChatCopy = {
  link: ({ url, minutes }) => `Your login link for the spa's web page (single use, expires in ${minutes} minutes):\n${url}\nDo not forward this message.`,
  notConfigured: 'The web page is not switched on: the owner needs to set PUBLIC_URL in the settings.',
  notAllowed: 'The web page is for the owner and managers. The owner can allow staff (WEB_STAFF_ACCESS).',
};
