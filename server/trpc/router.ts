import { authRouter } from "../features/auth/auth.router.ts";
import { router } from "./init.ts";

export const appRouter = router({
  auth: authRouter,
});

export type AppRouter = typeof appRouter;
