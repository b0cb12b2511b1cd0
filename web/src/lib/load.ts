/**
 * A resource that never enters Solid's error state: it resolves to `{ value }` or `{ failure }`
 * (an AppError), so pages can show "not found" or a retry instead of tearing down. The previous
 * value stays while a refetch runs.
 */
import { createResource, type ResourceReturn } from "solid-js";
import { readError, type AppError } from "./trpc.ts";

export type Loaded<T> = { value: T; failure?: undefined } | { value?: undefined; failure: AppError };

export function createLoader<S, T>(
  source: () => S | false | null | undefined,
  fetcher: (source: S) => Promise<T>,
): ResourceReturn<Loaded<T>> {
  return createResource(source, async (s): Promise<Loaded<T>> => {
    try {
      return { value: await fetcher(s) };
    } catch (error) {
      return { failure: readError(error) };
    }
  });
}
