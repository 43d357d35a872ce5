/** The message to show for a failed tRPC call (the server's userMessage when it sent one). */
export function errorMessage(err: unknown): string {
  const data = (err as { data?: { userMessage?: string } } | null)?.data;
  if (data?.userMessage) return data.userMessage;
  const cause = (err as { cause?: { userMessage?: string } } | null)?.cause;
  return cause?.userMessage ?? (err instanceof Error ? err.message : 'Something went wrong');
}
