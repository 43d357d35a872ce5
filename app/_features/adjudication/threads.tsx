'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import type { TFinding } from '@/server/contracts/annotation-doc/schema';
import type { TLabelSchema } from '@/server/contracts/label-schema';
import { errorMessage, useTRPC } from '@/app/_trpc/client';

interface Props {
  scope: { orgSlug: string; projectId: string; caseId: string };
  schema: TLabelSchema;
  findings: TFinding[];
  /** The user may resolve threads (a lead on an open case). */
  canResolve: boolean;
  /** Changes when someone on the consensus document says the comments changed. */
  notices: number;
  /** Tells the others on the document that the comments changed. */
  onChanged: () => void;
}

/** "@Name" in a comment, shown in bold. */
function withMentions(body: string, names: string[]) {
  if (!names.length) return body;
  const pattern = new RegExp(`(${names.map((n) => `@${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).join('|')})`, 'g');
  return body.split(pattern).map((part, i) => (i % 2 ? <b key={i}>{part}</b> : part));
}

/**
 * Discussion of the case while it is adjudicated: one thread per question, label or finding of
 * the consensus; "@Name" mentions a lead or manager; a lead resolves a thread. Others' comments
 * arrive as soon as their browser says so through the collaboration server.
 */
export function Threads({ scope, schema, findings, canResolve, notices, onChanged }: Props) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  // Live through the document's notices; the slow poll only covers a missed one.
  const comments = useQuery({ ...trpc.adjudication.comments.queryOptions(scope), refetchInterval: 15_000 });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.adjudication.comments.queryKey(scope) });
  useEffect(() => {
    if (notices) void refresh();
  }, [notices]);
  const changed = () => {
    void refresh();
    onChanged();
  };
  const post = useMutation(trpc.adjudication.comment.mutationOptions({ onSuccess: changed }));
  const resolve = useMutation(trpc.adjudication.resolveThread.mutationOptions({ onSuccess: changed }));
  const items = [
    ...schema.questions.map((q) => ({ key: `question:${q.id}`, name: q.text })),
    ...schema.labels.map((l) => ({ key: `label:${l.id}`, name: l.name })),
    ...findings.map((f, i) => ({ key: `finding:${f.id}`, name: `Finding ${i + 1} (${f.tool}${f.labelId ? `, ${schema.labels.find((l) => l.id === f.labelId)?.name ?? f.labelId}` : ''})` })),
  ];
  const [item, setItem] = useState(items[0]?.key ?? '');
  const [body, setBody] = useState('');
  const nameOf = (key: string) => items.find((i) => i.key === key)?.name ?? 'a removed finding';
  const threads = [...new Set((comments.data ?? []).map((c) => c.item))].map((key) => {
    const list = comments.data!.filter((c) => c.item === key);
    return { key, list, open: list.some((c) => !c.resolvedAt) };
  });
  threads.sort((a, b) => Number(b.open) - Number(a.open));
  const onPost = (e: FormEvent) => {
    e.preventDefault();
    post.mutate({ ...scope, item, body }, { onSuccess: () => setBody('') });
  };
  return (
    <section className="stack" aria-label="Discussion" style={{ gap: 8 }}>
      {threads.length === 0 && <p className="muted">No comments yet.</p>}
      {threads.map((t) => (
        <div key={t.key} className={`thread${t.open ? '' : ' thread-resolved'}`} role="group" aria-label={`Thread on ${nameOf(t.key)}`}>
          <div className="row" style={{ justifyContent: 'space-between' }}>
            <strong>{nameOf(t.key)}</strong>
            {t.open && canResolve ? (
              <button className="btn btn-xs" onClick={() => resolve.mutate({ ...scope, item: t.key })}>Resolve</button>
            ) : !t.open ? (
              <span className="muted">resolved by {t.list.at(-1)?.resolvedBy}</span>
            ) : null}
          </div>
          {t.list.map((c) => (
            <p key={c.id} className="comment">
              <span className="muted">{c.author} · {c.createdAt.toLocaleString()}</span>
              <br />
              {withMentions(c.body, c.mentions)}
            </p>
          ))}
        </div>
      ))}
      <form className="stack" style={{ gap: 4 }} onSubmit={onPost} aria-label="New comment">
        <select aria-label="About" value={item} onChange={(e) => setItem(e.target.value)}>
          {items.map((i) => <option key={i.key} value={i.key}>{i.name}</option>)}
        </select>
        <textarea aria-label="Comment" rows={2} maxLength={2000} value={body} onChange={(e) => setBody(e.target.value)} placeholder="@Name mentions a lead or manager" />
        <div className="row">
          <button className="btn btn-sm" disabled={post.isPending || !body.trim()}>Comment</button>
          {(post.error ?? resolve.error) && <span role="alert" className="alert">{errorMessage((post.error ?? resolve.error)!)}</span>}
        </div>
      </form>
    </section>
  );
}
