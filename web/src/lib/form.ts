/**
 * Form state for every form: values, field errors (i18n keys), one alert and a pending flag.
 * validate() runs the shared zod schema (its messages are i18n keys); fail() spreads a server
 * error over the fields and the alert; both move focus to the first invalid field.
 *
 * Schemas come in when a form is sent, not with the page: `form.validate(import("…/shared/x.ts")
 * .then((m) => m.xInput))`. zod and the schemas are a chunk of their own that a page showing a
 * form does not need to show it (bench/web.ts lists it apart); pages import limits from the
 * zod-free `shared/*-rules.ts`.
 */
import { createSignal } from "solid-js";
import { createStore } from "solid-js/store";
import type { z } from "zod";
import { errorText } from "./error-text.ts";
import { readError, type AppError } from "./trpc.ts";

export type FieldErrors = Record<string, string[]>;

/**
 * One message per field, the first the schema reported; an empty field just says "required"
 * (rather than "too short" and "wrong format" at once).
 */
export function issuesToFieldErrors(issues: readonly z.core.$ZodIssue[], values: Record<string, unknown> = {}): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path[0] === undefined ? "_" : String(issue.path[0]);
    if (out[key]) continue;
    const value = values[key];
    out[key] = [typeof value === "string" && value.trim() === "" ? "validation.required" : issue.message];
  }
  return out;
}

/**
 * A schema that may still be on its way (a dynamic import): the schema, or null when its code
 * cannot be fetched (offline before the chunk was ever cached, or a release replaced the files).
 */
export async function loadSchema<S>(schema: S | Promise<S>): Promise<S | null> {
  try {
    return await schema;
  } catch {
    return null;
  }
}

export function createForm<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = createStore<T>({ ...initial });
  const [fieldErrors, setFieldErrors] = createSignal<FieldErrors>({});
  const [failure, setFailure] = createSignal<AppError | null>(null);
  const [pending, setPending] = createSignal(false);
  let formEl: HTMLFormElement | undefined;

  const focusFirstInvalid = () =>
    queueMicrotask(() => formEl?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  const form = {
    values,
    pending,
    ref: (el: HTMLFormElement) => (formEl = el),
    /** Setter for one field; editing a field clears its errors. */
    set: (name: keyof T & string) => (value: string) => {
      setValues(name as never, value as never);
      if (fieldErrors()[name]) setFieldErrors(({ [name]: _, ...rest }) => rest);
    },
    errors: (name: keyof T & string): string[] | undefined => fieldErrors()[name],
    /** Everything a <Field> needs for one field: `<Field {...form.bind("email")} label=… />`. */
    bind(name: keyof T & string) {
      return {
        name,
        get value(): string {
          return values[name] as string;
        },
        onValue: form.set(name),
        get errors(): string[] | undefined {
          return fieldErrors()[name];
        },
      };
    },
    /** The alert text in the current language (reactive), or null. */
    alert: () => {
      const f = failure();
      return f ? errorText(f) : null;
    },
    failure,
    reset(next: Partial<T> = {}) {
      setValues({ ...initial, ...next });
      setFieldErrors({});
      setFailure(null);
    },
    /**
     * Parses the values (or `input`, when the schema wants other types than strings — a number,
     * a boolean, null for an empty date) and shows the first problem under each field.
     */
    async validate<S extends z.ZodType>(schema: S | Promise<S>, input: unknown = values): Promise<z.output<S> | null> {
      const loaded = await loadSchema(schema);
      if (!loaded) {
        setFailure({ reason: "errors.network" });
        return null;
      }
      const parsed = loaded.safeParse(input);
      if (parsed.success) {
        setFieldErrors({});
        return parsed.data;
      }
      setFieldErrors(issuesToFieldErrors(parsed.error.issues, values));
      setFailure(null);
      focusFirstInvalid();
      return null;
    },
    /** Shows a failed call: field errors under fields, anything else in the alert. */
    fail(error: AppError) {
      const fields = Object.keys(initial);
      if (error.fieldErrors) {
        const known = Object.fromEntries(
          Object.entries(error.fieldErrors)
            .filter(([k, keys]) => fields.includes(k) && keys.length > 0)
            .map(([k, keys]) => [k, keys.slice(0, 1)]),
        );
        setFieldErrors(known);
        const shown = Object.keys(known).length > 0;
        setFailure(shown ? { reason: "errors.invalidInput" } : error);
        if (shown) focusFirstInvalid();
        return;
      }
      if (error.field && error.reason && fields.includes(error.field)) {
        setFieldErrors({ [error.field]: [error.reason] });
        setFailure(null);
        focusFirstInvalid();
        return;
      }
      setFailure(error);
    },
    clearFailure: () => setFailure(null),
    /**
     * Runs a call with the pending flag set (a submit while one runs is ignored). A failure is
     * shown like `fail` does; resolves to whether the call succeeded.
     */
    async run(task: () => Promise<void>): Promise<boolean> {
      if (pending()) return false;
      setPending(true);
      setFailure(null);
      try {
        await task();
        return true;
      } catch (error) {
        form.fail(readError(error));
        return false;
      } finally {
        setPending(false);
      }
    },
  };
  return form;
}
