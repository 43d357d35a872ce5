/* ── TENANT SCOPE ── every method takes orgId and filters on it. ── */
import { Prisma } from '@prisma/client';
import type { Db, Tx } from '../client';

const ROW = { id: true, version: true, name: true, config: true, blobKey: true, bytes: true, questionId: true, createdById: true, createdAt: true } as const;

export const modelRepository = {
  /** Adds the project's next model version (the caller holds the project lock). */
  async create(tx: Tx, m: { orgId: string; projectId: string; name: string; config: unknown; blobKey: string; bytes: number; questionId: string | null; createdById: string }) {
    const last = await tx.projectModel.findFirst({ where: { orgId: m.orgId, projectId: m.projectId }, orderBy: { version: 'desc' }, select: { version: true } });
    return tx.projectModel.create({ data: { ...m, config: m.config as Prisma.InputJsonValue, version: (last?.version ?? 0) + 1 }, select: { id: true, version: true } });
  },

  list(client: Db, orgId: string, projectId: string) {
    return client.projectModel.findMany({ where: { orgId, projectId }, orderBy: { version: 'desc' }, select: ROW });
  },

  find(client: Db | Tx, orgId: string, projectId: string, id: string) {
    return client.projectModel.findFirst({ where: { orgId, projectId, id }, select: ROW });
  },

  choice(client: Db | Tx, orgId: string, projectId: string) {
    return client.project.findFirst({ where: { orgId, id: projectId }, select: { segmentationModel: true, classifierModelId: true, preannotateModel: true, preannotateLabels: true } });
  },

  choose(tx: Tx, orgId: string, projectId: string, data: { segmentationModel?: string; classifierModelId?: string | null; preannotateModel?: string | null; preannotateLabels?: Record<string, string> | null }) {
    const { preannotateLabels, ...rest } = data;
    return tx.project.updateMany({
      where: { orgId, id: projectId },
      data: { ...rest, ...(preannotateLabels !== undefined && { preannotateLabels: preannotateLabels ?? Prisma.DbNull }) },
    });
  },
};
