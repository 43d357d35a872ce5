'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Field } from '@/app/_components/field';
import { formText } from '@/app/_lib/form';
import { errorMessage, fieldErrors, useTRPC } from '@/app/_trpc/client';
import type { TLabelSchema, TProject, TProjectSettings } from '@/server/contracts';

const METHODS = [
  ['MAJORITY', 'Majority vote'],
  ['STAPLE', 'STAPLE'],
  ['LEAD_DECIDES', 'A lead decides'],
] as const;

/** A starting schema for new projects: the lung nodule example, editable afterwards. */
const STARTER_SCHEMA: TLabelSchema = {
  questions: [
    { id: 'nodule_present', type: 'single', text: 'Is a nodule present?', required: true, help: '', options: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }] },
  ],
  labels: [],
};

function read(form: FormData): TProjectSettings {
  const threshold = formText(form, 'autoAcceptThreshold').trim();
  const gold = formText(form, 'goldRate').trim();
  return {
    name: formText(form, 'name'),
    description: formText(form, 'description'),
    modality: formText(form, 'modality').trim() || null,
    readersPerCase: Number(form.get('readersPerCase')),
    blinded: form.get('blinded') === 'on',
    collaborative: form.get('collaborative') === 'on',
    consensusMethod: form.get('consensusMethod') as TProjectSettings['consensusMethod'],
    autoAcceptThreshold: threshold === '' ? null : Number(threshold),
    goldRate: gold === '' ? 0 : Number(gold) / 100,
    caseGrouping: form.get('caseGrouping') === 'SERIES' ? 'SERIES' : 'STUDY',
    deidentification: {
      dates: (['shift', 'keep', 'remove'] as const).find((d) => d === form.get('deidDates')) ?? 'shift',
      retainPatientCharacteristics: form.get('retainPatientCharacteristics') === 'on',
      retainDeviceIdentity: form.get('retainDeviceIdentity') === 'on',
      retainInstitutionIdentity: form.get('retainInstitutionIdentity') === 'on',
      cleanDescriptors: form.get('cleanDescriptors') === 'on',
      reidentification: form.get('reidentification') === 'on',
    },
  };
}

const DATES: [string, string][] = [
  ['shift', 'Shift per patient (keeps intervals)'],
  ['keep', 'Keep the real dates'],
  ['remove', 'Remove dates'],
];

/** The de-identification profile's options (DICOM PS3.15 E.3) and how studies become cases; they apply to what is ingested from now on. */
function Ingest({ project }: { project?: TProject }) {
  const d = project?.deidentification;
  const option = (name: keyof Omit<NonNullable<typeof d>, 'dates'>, label: string) => (
    <label className="row">
      <input type="checkbox" name={name} defaultChecked={d?.[name] ?? false} /> {label}
    </label>
  );
  return (
    <fieldset className="stack" style={{ gap: 6, border: '1px solid var(--border, #d0d7de)', borderRadius: 6, padding: '8px 12px', marginBottom: 12 }} aria-label="De-identification">
      <legend>De-identification and cases (for studies ingested from now on)</legend>
      <div className="grid-2">
        <div className="field">
          <label htmlFor="field-deidDates">Dates</label>
          <select id="field-deidDates" name="deidDates" defaultValue={d?.dates ?? 'shift'}>
            {DATES.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="field-caseGrouping">One case per</label>
          <select id="field-caseGrouping" name="caseGrouping" defaultValue={project?.caseGrouping ?? 'STUDY'}>
            <option value="STUDY">study</option>
            <option value="SERIES">series</option>
          </select>
        </div>
      </div>
      {option('retainPatientCharacteristics', 'Retain patient characteristics (sex, age, size, weight)')}
      {option('retainDeviceIdentity', 'Retain device identity (manufacturer, model, serial numbers)')}
      {option('retainInstitutionIdentity', 'Retain institution identity')}
      {option('cleanDescriptors', 'Clean descriptors (keep free-text descriptions, with identifiers removed)')}
      {option('reidentification', 'Pseudonymisation with re-identification: keep each study’s original patient identity and study identifiers, encrypted; only organization admins can reveal them, and every reveal is audited')}
      <p className="muted" style={{ margin: 0 }}>The Basic Application Level Confidentiality Profile always applies: names, IDs, UIDs and private tags are replaced or removed.</p>
    </fieldset>
  );
}

/** Creates a project (no `project`) or edits its settings. */
export function ProjectSettingsForm({ orgSlug, project }: { orgSlug: string; project?: TProject }) {
  const trpc = useTRPC();
  const router = useRouter();
  const qc = useQueryClient();
  const create = useMutation(trpc.project.create.mutationOptions());
  const update = useMutation(trpc.project.updateSettings.mutationOptions());
  const archive = useMutation(trpc.project.setArchived.mutationOptions());
  const [saved, setSaved] = useState(false);
  const active = project ? update : create;

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    const settings = read(new FormData(e.currentTarget));
    if (project) {
      const ok = await update.mutateAsync({ orgSlug, projectId: project.id, ...settings }).then(() => true, () => false);
      if (ok) {
        setSaved(true);
        await qc.invalidateQueries({ queryKey: trpc.project.pathKey() });
        router.refresh();
      }
      return;
    }
    const created = await create.mutateAsync({ orgSlug, ...settings, labelSchema: STARTER_SCHEMA }).catch(() => null);
    if (created) router.push(`/${orgSlug}/projects/${created.id}/schema`);
  }

  const errors = fieldErrors(active.error);
  return (
    <form onSubmit={(e) => void onSubmit(e)} className="panel" aria-label="Project settings" style={{ maxWidth: 720 }}>
      {active.error && <div role="alert" className="alert">{errorMessage(active.error)}</div>}
      {saved && <div className="notice">Settings saved.</div>}
      <Field label="Name" name="name" required defaultValue={project?.name} errors={errors.name} autoFocus={!project} />
      <Field label="Description" name="description" defaultValue={project?.description} errors={errors.description} />
      <div className="grid-2">
        <Field label="Modality" name="modality" placeholder="CT, MR, CR, US…" defaultValue={project?.modality ?? ''} errors={errors.modality} />
        <Field label="Readers per case" name="readersPerCase" type="number" min={1} max={20} required defaultValue={project?.readersPerCase ?? 3} errors={errors.readersPerCase} />
        <div className="field">
          <label htmlFor="field-consensusMethod">Consensus method</label>
          <select id="field-consensusMethod" name="consensusMethod" defaultValue={project?.consensusMethod ?? 'MAJORITY'}>
            {METHODS.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
          </select>
        </div>
        <Field label="Auto-accept at agreement ≥" name="autoAcceptThreshold" type="number" step="0.01" min={0} max={1} placeholder="e.g. 0.8 (empty: never)" defaultValue={project?.autoAcceptThreshold ?? ''} errors={errors.autoAcceptThreshold} hint="Below it, the case goes to a lead." />
        <Field label="Gold-standard cases, % of each reader’s cases" name="goldRate" type="number" step="1" min={0} max={50} placeholder="0" defaultValue={project ? Math.round(project.goldRate * 100) : ''} errors={errors.goldRate} hint="Cases marked gold (known answers) are mixed in unannounced, up to this share." />
      </div>
      <label className="row" style={{ marginBottom: 12 }}>
        <input type="checkbox" name="blinded" defaultChecked={project?.blinded ?? true} /> Blinded: readers never see each other’s reads
      </label>
      <label className="row" style={{ marginBottom: 12 }}>
        <input type="checkbox" name="collaborative" defaultChecked={project?.collaborative ?? false} /> Collaborative: a case’s readers label it together
        <span className="muted">(one shared read per case; fixed once a reader has begun)</span>
      </label>
      <Ingest project={project} />
      <div className="row">
        <button className="btn btn-primary" type="submit" disabled={active.isPending}>{project ? 'Save settings' : 'Create project'}</button>
        {project && (
          <button
            type="button"
            className="btn"
            disabled={archive.isPending}
            onClick={() => archive.mutate({ orgSlug, projectId: project.id, archived: project.status === 'ACTIVE' }, { onSuccess: () => router.refresh() })}
          >
            {project.status === 'ACTIVE' ? 'Archive project' : 'Restore project'}
          </button>
        )}
      </div>
    </form>
  );
}
