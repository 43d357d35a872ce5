import { buildSnapshot } from '../../server/domain/export/build';
import { exportSnapshotJob } from '../../server/jobs/definitions/export-snapshot';

export const exportSnapshotHandler = { def: exportSnapshotJob, run: (p: { orgId: string; projectId: string; exportId: string }) => buildSnapshot(p) };
