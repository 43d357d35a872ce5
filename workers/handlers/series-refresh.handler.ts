import { refreshSeries } from '../../server/domain/ingest/series-refresh';
import { seriesRefreshJob } from '../../server/jobs/definitions/series-refresh';

export const seriesRefreshHandler = { def: seriesRefreshJob, run: refreshSeries };
