/**
 * Both results, or one error naming every part that failed, once neither is still running: a
 * part that fails first does not leave the other's builds running unseen behind the error.
 */
export async function sideBySide<A, B>(first: Promise<A>, second: Promise<B>): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled([first, second]);
  if (a.status === "fulfilled" && b.status === "fulfilled") return [a.value, b.value];
  const reasons = [a, b].flatMap((result) => (result.status === "rejected" ? [result.reason instanceof Error ? result.reason.message : String(result.reason)] : []));
  throw new Error(reasons.join("; and "));
}
