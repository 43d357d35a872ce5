'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { RemoveButton } from '@/app/_components/remove-button';
import { formText } from '@/app/_lib/form';
import { errorMessage, fieldErrors, useTRPC } from '@/app/_trpc/client';
import { PROJECT_ROLES, type TProjectRole } from '@/server/contracts';

export function ProjectMembersPanel({ orgSlug, projectId, manage }: { orgSlug: string; projectId: string; manage: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const scope = { orgSlug, projectId };
  const members = useQuery(trpc.project.members.queryOptions(scope));
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.project.pathKey() });
  const set = useMutation(trpc.project.setMember.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.project.removeMember.mutationOptions({ onSuccess: refresh }));

  async function onAdd(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const ok = await set.mutateAsync({ ...scope, email: formText(form, 'email'), role: form.get('role') as TProjectRole }).then(() => true, () => false);
    if (ok) e.currentTarget?.reset();
  }

  const errors = fieldErrors(set.error);
  const active = (members.data ?? []).filter((m) => m.active);
  return (
    <div className="stack">
      {manage && (
        <form className="toolbar" onSubmit={(e) => void onAdd(e)} aria-label="Add to project">
          <div className="field">
            <label htmlFor="member-email">Organization member’s email</label>
            <input id="member-email" name="email" type="email" required aria-invalid={errors.email ? true : undefined} />
          </div>
          <div className="field">
            <label htmlFor="member-role">Role</label>
            <select id="member-role" name="role" defaultValue="READER">
              {PROJECT_ROLES.map((r) => <option key={r}>{r}</option>)}
            </select>
          </div>
          <button className="btn" type="submit" disabled={set.isPending}>Add to project</button>
        </form>
      )}
      {(set.error ?? remove.error) && <div role="alert" className="alert">{errors.email?.join(' ') ?? errorMessage(set.error ?? remove.error)}</div>}
      {active.length === 0 ? (
        <div className="empty"><h2>Nobody in this project yet</h2><p className="muted">Add organization members as readers and leads, or invite new people.</p></div>
      ) : (
        <table className="data" aria-label="Project members">
          <thead><tr><th>Name</th><th>Email</th><th>Role</th>{manage && <th />}</tr></thead>
          <tbody>
            {active.map((m) => (
              <tr key={m.userId}>
                <td>{m.name}</td>
                <td>{m.email}</td>
                <td>
                  {manage ? (
                    <select className="inline" aria-label={`Project role of ${m.name}`} value={m.role} onChange={(e) => set.mutate({ ...scope, email: m.email, role: e.target.value as TProjectRole })}>
                      {PROJECT_ROLES.map((r) => <option key={r}>{r}</option>)}
                    </select>
                  ) : (
                    <span className="badge">{m.role}</span>
                  )}
                </td>
                {manage && (
                  <td>
                    <RemoveButton
                      question={`Remove ${m.name} from this project? Their open cases return to the pool.`}
                      disabled={remove.isPending}
                      onConfirm={() => remove.mutate({ ...scope, userId: m.userId })}
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
