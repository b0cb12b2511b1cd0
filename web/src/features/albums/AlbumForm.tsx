/** The album fields (title, theme, year, who can see it), for creating and for editing. */
import { createSignal, createUniqueId, For } from "solid-js";
import type { z } from "zod";
import type { albumFieldsInput, AlbumVisibility } from "../../../../shared/albums.ts";
import { ALBUM_VISIBILITY } from "../../../../shared/album-rules.ts";
import { ErrorAlert } from "../../components/Alert.tsx";
import { Field } from "../../components/Field.tsx";
import { FormActions } from "../../components/FormActions.tsx";
import { t } from "../../i18n/index.ts";
import { createForm } from "../../lib/form.ts";
import { visibilityLabel } from "./VisibilityBadge.tsx";
import "../../components/field.css";

/** The form's schemas (and zod): fetched when the form is sent (web/src/lib/form.ts). */
const schemas = () => import("../../../../shared/albums.ts");

export type AlbumFields = z.output<typeof albumFieldsInput>;

export function AlbumForm(props: {
  initial?: AlbumFields;
  submitLabel: string;
  pendingLabel: string;
  onSubmit: (input: AlbumFields) => Promise<void>;
  onCancel?: () => void;
}) {
  const form = createForm({
    title: props.initial?.title ?? "",
    theme: props.initial?.theme ?? "",
    year: props.initial?.year == null ? "" : String(props.initial.year),
  });
  const [visibility, setVisibility] = createSignal<AlbumVisibility>(props.initial?.visibility ?? "everyone");
  const group = `visibility-${createUniqueId()}`;

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const year = form.values.year.trim();
    const input = await form.validate(schemas().then((m) => m.albumFieldsInput), {
      title: form.values.title,
      theme: form.values.theme,
      year: year === "" ? null : Number(year),
      visibility: visibility(),
    });
    if (!input) return;
    void form.run(async () => {
      await props.onSubmit(input);
    });
  };

  return (
    <>
      <ErrorAlert message={form.alert()} />
      <form class="form" ref={form.ref} onSubmit={submit} novalidate>
        <Field {...form.bind("title")} label={t("albums.fieldTitle")} required />
        <div class="form-row">
          <Field {...form.bind("theme")} label={t("albums.fieldTheme")} hint={t("albums.themeHint")} />
          <Field {...form.bind("year")} type="number" label={t("albums.fieldYear")} inputmode="numeric" min="1900" max="2100" step="1" />
        </div>
        <fieldset class="choice-group">
          <legend>{t("albums.fieldVisibility")}</legend>
          <For each={ALBUM_VISIBILITY}>
            {(value) => (
              <label class="choice">
                <input
                  type="radio"
                  name={group}
                  value={value}
                  checked={visibility() === value}
                  onChange={() => setVisibility(value)}
                />
                <span>{visibilityLabel(value)}</span>
              </label>
            )}
          </For>
          <p class="field-hint">{t("albums.friendsHint")}</p>
        </fieldset>
        <FormActions pending={form.pending()} label={props.submitLabel} pendingLabel={props.pendingLabel} onCancel={props.onCancel} />
      </form>
    </>
  );
}
