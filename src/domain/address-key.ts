// A chat address as one string: the `_id` of every per-chat document and the key of the engine's per-chat queue.
export function addressKey(a: { channel: string; account: string; userId: string }): string {
  return `${a.channel}:${a.account}:${a.userId}`;
}
