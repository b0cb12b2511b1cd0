/** Editing one photo's caption in a dialog (with a character counter). */
import type { AlbumPhoto } from "../../../../shared/albums.ts";
import { ALBUM_LIMITS } from "../../../../shared/album-rules.ts";
import { ErrorAlert } from "../../components/Alert.tsx";
import { Dialog } from "../../components/Dialog.tsx";
import { TextAreaField } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";
import { createForm } from "../../lib/form.ts";

/** The form's schemas (and zod): fetched when the form is sent (web/src/lib/form.ts). */
const schemas = () => import("../../../../shared/albums.ts");

export function CaptionDialog(props: {
  photo: AlbumPhoto | null;
  onClose: () => void;
  onSave: (photo: AlbumPhoto, caption: string) => Promise<void>;
}) {
  return (
    <Dialog open={props.photo !== null} onClose={props.onClose} labelledBy="caption-title" class="dialog-form">
      <CaptionForm photo={props.photo!} onClose={props.onClose} onSave={props.onSave} />
    </Dialog>
  );
}

function CaptionForm(props: { photo: AlbumPhoto; onClose: () => void; onSave: (photo: AlbumPhoto, caption: string) => Promise<void> }) {
  const form = createForm({ caption: props.photo.caption });
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const input = await form.validate(schemas().then((m) => m.updatePhotoInput), { photoId: props.photo.id, caption: form.values.caption });
    if (!input) return;
    void form.run(async () => {
      await props.onSave(props.photo, input.caption);
      props.onClose();
    });
  };
  return (
    <>
      <h2 id="caption-title" class="dialog-title">
        {t("albums.captionTitle")}
      </h2>
      <img class="caption-preview" src={props.photo.media.urls.thumb ?? props.photo.media.urls.full} alt="" />
      <ErrorAlert message={form.alert()} />
      <form class="form" ref={form.ref} onSubmit={submit} novalidate>
        <TextAreaField {...form.bind("caption")} label={t("albums.caption")} maxLength={ALBUM_LIMITS.captionMax} rows={3} />
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={() => props.onClose()}>
            {t("common.cancel")}
          </button>
          <button type="submit" class="btn btn-primary" disabled={form.pending()}>
            {form.pending() ? t("common.saving") : t("common.save")}
          </button>
        </div>
      </form>
    </>
  );
}
