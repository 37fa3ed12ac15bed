// What the chat says about the owner's web page (/web).
export interface WebChatCopy {
  link(p: { url: string; minutes: number }): string;
  notConfigured: string;
  notAllowed: string;
}
