import { adjudicationRouter } from './routers/adjudication.router';
import { assignmentRouter } from './routers/assignment.router';
import { authRouter } from './routers/auth.router';
import { caseRouter } from './routers/case.router';
import { exportRouter } from './routers/export.router';
import { ingestRouter } from './routers/ingest.router';
import { invitationRouter } from './routers/invitation.router';
import { modelRouter } from './routers/model.router';
import { orgRouter } from './routers/org.router';
import { projectRouter } from './routers/project.router';
import { reportRouter } from './routers/report.router';
import { userRouter } from './routers/user.router';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  user: userRouter,
  org: orgRouter,
  project: projectRouter,
  case: caseRouter,
  assignment: assignmentRouter,
  invitation: invitationRouter,
  ingest: ingestRouter,
  report: reportRouter,
  adjudication: adjudicationRouter,
  export: exportRouter,
  model: modelRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
