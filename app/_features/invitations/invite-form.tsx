'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { formText } from '@/app/_lib/form';
import { errorMessage, fieldErrors, useTRPC } from '@/app/_trpc/client';
import { ORG_ROLES, PROJECT_ROLES, type TOrgRole, type TProjectRole } from '@/server/contracts';

/** Invite by email; shows the single-use link to share (no mail server needed). */
export function InviteForm({ orgSlug, projectId, allowOrgRoles }: { orgSlug: string; projectId?: string; allowOrgRoles: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const create = useMutation(trpc.invitation.create.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.invitation.pending.pathKey() }) }));
  const [link, setLink] = useState<string | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const projectRole = form.get('projectRole') as TProjectRole | null;
    const created = await create
      .mutateAsync({
        orgSlug,
        email: formText(form, 'email'),
        orgRole: (form.get('orgRole') as TOrgRole | null) ?? 'MEMBER',
        ...(projectId && projectRole ? { projectId, projectRole } : {}),
      })
      .catch(() => null);
    if (created) {
      setLink(`${window.location.origin}${created.path}`);
      e.currentTarget?.reset();
    }
  }

  const errors = fieldErrors(create.error);
  return (
    <form onSubmit={(e) => void onSubmit(e)} aria-label="Invite" className="panel">
      <h2>Invite someone</h2>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="invite-email">Email</label>
          <input id="invite-email" name="email" type="email" required placeholder="name@hospital.org" aria-invalid={errors.email ? true : undefined} />
        </div>
        {allowOrgRoles && (
          <div className="field">
            <label htmlFor="invite-org-role">Organization role</label>
            <select id="invite-org-role" name="orgRole" defaultValue="MEMBER">
              {ORG_ROLES.map((r) => <option key={r}>{r}</option>)}
            </select>
          </div>
        )}
        {projectId && (
          <div className="field">
            <label htmlFor="invite-project-role">Project role</label>
            <select id="invite-project-role" name="projectRole" defaultValue="READER">
              {PROJECT_ROLES.map((r) => <option key={r}>{r}</option>)}
            </select>
          </div>
        )}
        <button className="btn btn-primary" type="submit" disabled={create.isPending}>Create invite link</button>
      </div>
      {create.error && <div role="alert" className="alert">{errors.email?.join(' ') ?? errorMessage(create.error)}</div>}
      {link && (
        <div className="notice">
          Share this single-use link (valid 7 days):{' '}
          <input className="inline" readOnly value={link} aria-label="Invite link" style={{ width: '60%' }} onFocus={(e) => e.currentTarget.select()} />{' '}
          <button type="button" className="btn btn-small" onClick={() => void navigator.clipboard?.writeText(link)}>Copy</button>
        </div>
      )}
    </form>
  );
}
