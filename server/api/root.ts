import { assignmentRouter } from './routers/assignment.router';
import { authRouter } from './routers/auth.router';
import { caseRouter } from './routers/case.router';
import { orgRouter } from './routers/org.router';
import { projectRouter } from './routers/project.router';
import { userRouter } from './routers/user.router';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  user: userRouter,
  org: orgRouter,
  project: projectRouter,
  case: caseRouter,
  assignment: assignmentRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
