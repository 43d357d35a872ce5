import { describe, expect, it } from 'vitest';
import { readDoc, setAnswer } from '../../contracts/annotation-doc/doc';
import { COMMENTS_NOTICE } from '../../contracts/annotation-doc/saved';
import { db } from '../../db/client';
import { fingerprint } from '../../db/fingerprint';
import { collabClient, until } from '../../testing/collab-client';
import { collabServerForTests } from '../../testing/collab-server';
import { disputedCase, joinConsensus } from '../../testing/disputed-case';

const collab = collabServerForTests();

describe('[ADJUDICATION] readers invited into a case’s adjudication', () => {
  it('join the consensus live under aliases in a blinded project; the lead sees who they are; uninvited, unblinded and decided cases behave', { timeout: 180_000 }, async () => {
    const { w, caseId, lead, pm } = await disputedCase(collab.url());
    const scope = { ...w.scope, caseId };
    const [rita, ravi] = [await w.as(w.readers[0]!), await w.as(w.readers[1]!)];
    await expect(rita.adjudication.view(scope)).rejects.toMatchObject({ code: 'FORBIDDEN', message: /invited/ });
    expect(await rita.adjudication.invitations({ orgSlug: w.scope.orgSlug })).toEqual([]);

    // Only a lead invites, and only the case's readers.
    const other = await disputedCase(collab.url());
    const before = await fingerprint();
    await expect(pm.adjudication.invite({ ...scope, readerId: w.readers[0]!.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(ravi.adjudication.invite({ ...scope, readerId: w.readers[0]!.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(lead.adjudication.invite({ ...scope, readerId: w.users.MANAGER.id })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: /submitted a read/ });
    await expect(lead.adjudication.invite({ ...w.scope, caseId: other.caseId, readerId: other.w.readers[0]!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await fingerprint()).toEqual(before);

    expect(await lead.adjudication.invite({ ...scope, readerId: w.readers[0]!.id })).toEqual({ invited: true });
    expect(await lead.adjudication.invite({ ...scope, readerId: w.readers[0]!.id })).toEqual({ invited: true });
    expect(await db().adjudicationInvite.count({ where: { caseId } })).toBe(1);
    expect(await rita.adjudication.invitations({ orgSlug: w.scope.orgSlug })).toMatchObject([{ caseId, projectId: w.scope.projectId }]);

    // The invited reader edits; the other readers are aliases to them, and their ids are not given out.
    const seen = await rita.adjudication.view(scope);
    expect(seen).toMatchObject({ mode: 'rw', decides: false, me: { anonymous: true }, reads: [{ name: 'Reader 1 (you)', alias: 'Reader A' }, { name: 'Reader B', alias: 'Reader B' }] });
    expect(JSON.stringify(seen)).not.toContain(w.readers[1]!.id);
    expect(JSON.stringify(seen)).not.toContain('Reader 2');
    const led = await lead.adjudication.view(scope);
    expect(led).toMatchObject({ decides: true, me: { anonymous: false }, reads: [{ name: 'Reader 1', invited: true, readerId: w.readers[0]!.id }, { name: 'Reader 2', invited: false }] });
    // The lead names the reader's presence key; the reader's own directory gives the alias.
    expect(led.people[seen.me.key]).toBe('Reader 1');
    expect(Object.values(seen.people).sort()).toEqual(['Reader 1 (you)', 'Reader B']);

    const a = await joinConsensus(collab.url(), lead, w.scope, caseId);
    const r = await joinConsensus(collab.url(), rita, w.scope, caseId);
    r.doc.transact(() => setAnswer(r.doc, 'enlarged', 'yes'));
    await r.saved();
    await until(() => readDoc(a.doc).answers.enlarged === 'yes', 'the reader’s answer at the lead');

    // Presence: a modified browser announcing her name, someone else's key and extra fields reaches
    // the others as her own key and colour only; the lead's name goes through.
    r.provider.setAwarenessField('user', { key: led.me.key, name: 'Rita Reader', email: w.readers[0]!.email, color: '#123456', index: 3, x: 10, y: 'far' });
    a.provider.setAwarenessField('user', { key: led.me.key, name: 'Lee Lead', color: '#abcdef', index: 1, x: null, y: null });
    const stateOf = (at: typeof a, from: typeof r) => at.provider.awareness!.getStates().get(from.doc.clientID) as { user?: Record<string, unknown> } | undefined;
    await until(() => stateOf(a, r)?.user?.index === 3, 'the reader’s presence at the lead');
    expect(stateOf(a, r)).toEqual({ user: { key: seen.me.key, color: '#123456', index: 3, x: 10, y: null } });
    await until(() => stateOf(r, a)?.user?.index === 1, 'the lead’s presence at the reader');
    expect(stateOf(r, a)).toEqual({ user: { key: led.me.key, name: 'Lee Lead', color: '#abcdef', index: 1, x: null, y: null } });

    // Comments: the invited reader writes; to another reader she is an alias, to the lead a name. Only the lead resolves or finalizes.
    await rita.adjudication.comment({ ...scope, item: 'question:enlarged', body: 'I saw the temporal horn enlarged.' });
    // Her browser tells the others at once through the document; nothing else is relayed.
    r.provider.sendStateless('{"anything":"else"}');
    r.provider.sendStateless(COMMENTS_NOTICE);
    await until(() => a.state.notices.includes(COMMENTS_NOTICE), 'the comment notice at the lead');
    expect(a.state.notices).toEqual([COMMENTS_NOTICE]);
    await lead.adjudication.invite({ ...scope, readerId: w.readers[1]!.id });
    expect((await ravi.adjudication.comments(scope))[0]).toMatchObject({ author: 'Reader A', mine: false });
    expect((await rita.adjudication.comments(scope))[0]).toMatchObject({ author: 'Reader 1 (you)', mine: true });
    expect((await lead.adjudication.comments(scope))[0]).toMatchObject({ author: 'Reader 1' });
    await expect(rita.adjudication.resolveThread({ ...scope, item: 'question:enlarged' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(rita.adjudication.finalize({ ...scope, reason: '' })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    // Uninvited: the open connection's next edit is refused and not kept; the view is closed to her.
    expect(await lead.adjudication.uninvite({ ...scope, readerId: w.readers[0]!.id })).toEqual({ invited: false });
    r.doc.transact(() => setAnswer(r.doc, 'enlarged', 'no'));
    await until(() => r.state.closed > 0, 'the server to close the uninvited reader’s connection');
    r.destroy();
    await expect(rita.adjudication.view(scope)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const fresh = await joinConsensus(collab.url(), lead, w.scope, caseId);
    expect(readDoc(fresh.doc).answers.enlarged).toBe('yes');
    fresh.destroy();

    // The manager un-blinds the project: readers see each other's names.
    const p = await pm.project.get(w.scope);
    await pm.project.updateSettings({ ...w.scope, name: p.name, description: p.description, modality: p.modality, readersPerCase: p.readersPerCase, blinded: false, consensusMethod: p.consensusMethod, autoAcceptThreshold: p.autoAcceptThreshold });
    expect(await ravi.adjudication.view(scope)).toMatchObject({ me: { anonymous: false }, reads: [{ name: 'Reader 1' }, { name: 'Reader 2' }] });
    expect((await ravi.adjudication.comments(scope))[0]!.author).toBe('Reader 1');

    // Once decided, the case is closed to invited readers.
    a.doc.transact(() => setAnswer(a.doc, 'enlarged', 'yes'));
    await a.saved();
    a.destroy();
    await lead.adjudication.finalize({ ...scope, reason: 'horn enlarged' });
    await expect(ravi.adjudication.consensusToken(scope)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await ravi.adjudication.invitations({ orgSlug: w.scope.orgSlug })).toEqual([]);
    expect(await db().auditEvent.count({ where: { targetId: caseId, action: { in: ['case.reader_invited', 'case.reader_uninvited'] } } })).toBe(3);
    // A reader's token for her own read opens nothing but her read.
    const own = await db().assignment.findFirstOrThrow({ where: { caseId, readerId: w.readers[1]!.id } });
    const token = (await ravi.assignment.collabToken({ orgSlug: w.scope.orgSlug, assignmentId: own.id })).token;
    const sneaky = collabClient(collab.url(), led.docName, token);
    await until(() => sneaky.state.authFailed !== '', 'the refusal');
    sneaky.destroy();
  });
});
