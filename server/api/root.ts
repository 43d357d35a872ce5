import { authRouter } from './routers/auth.router';
import { orgRouter } from './routers/org.router';
import { userRouter } from './routers/user.router';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  user: userRouter,
  org: orgRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
