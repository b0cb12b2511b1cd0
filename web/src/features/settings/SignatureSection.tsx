/**
 * Settings → Signature: an image (a handwritten signature, a logo) shown on the profile. Upload
 * or replace it, with preview and progress; remove it after a confirmation.
 */
import { createSignal, Show } from "solid-js";
import type { Settings } from "../../../../shared/profiles.ts";
import { ErrorAlert, StatusMessage } from "../../components/Alert.tsx";
import { ConfirmDialog } from "../../components/lazy-parts.tsx";
import { ImagePicker } from "../../components/ImagePicker.tsx";
import { TrashIcon } from "../../components/icons.tsx";
import { UploadList } from "../../components/UploadList.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { createLoader } from "../../lib/load.ts";
import { readError, trpc, type AppError } from "../../lib/trpc.ts";
import { createUploadQueue } from "../../lib/upload-queue.ts";
import { SettingsSection } from "./SettingsSection.tsx";
import "../../components/signature.css";

export function SignatureSection(props: { settings: Settings; onStorageChanged: () => void }) {
  // The signature is part of the public profile; the settings answer does not carry it.
  const [profile, { refetch }] = createLoader(
    () => props.settings.username,
    (username) => trpc.profiles.byUsername.query({ username }),
  );
  const queue = createUploadQueue("signature", { concurrency: 1 });
  const [failure, setFailure] = createSignal<AppError | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [confirming, setConfirming] = createSignal(false);
  const signature = () => profile()?.value?.signature ?? null;

  const upload = async (files: File[]) => {
    queue.clearFinished();
    setFailure(null);
    setNotice(null);
    const [media] = await queue.add(files.slice(0, 1));
    if (!media) return;
    props.onStorageChanged();
    try {
      await trpc.signature.set.mutate({ mediaId: media.id });
      await refetch();
      setNotice(t("signature.updated"));
    } catch (error) {
      setFailure(readError(error));
    }
  };

  return (
    <SettingsSection id="settings-signature" title={t("settings.signature")} lead={t("signature.lead")}>
      <ErrorAlert message={failure() ? errorText(failure()!) : null} />
      <StatusMessage message={notice()} />
      <Show when={signature()} fallback={<p class="muted">{t("signature.none")}</p>}>
        {(media) => <img class="signature-preview" src={media().urls.full} alt={t("signature.current")} />}
      </Show>
      <div class="inline-actions">
        <ImagePicker
          label={signature() ? t("signature.replace") : t("signature.upload")}
          inputLabel={t("signature.fileInput")}
          disabled={queue.busy()}
          onFiles={(files) => void upload(files)}
        />
        <Show when={signature()}>
          <button type="button" class="btn btn-danger" onClick={() => setConfirming(true)}>
            <TrashIcon />
            {t("signature.remove")}
          </button>
        </Show>
      </div>
      <UploadList queue={queue} label={t("signature.uploads")} />
      <Show when={confirming()}>
        <ConfirmDialog
          open={confirming()}
          onClose={() => setConfirming(false)}
          title={t("signature.removeTitle")}
          message={t("signature.removeText")}
          confirmLabel={t("common.delete")}
          onConfirm={async () => {
            await trpc.signature.remove.mutate();
            setNotice(t("signature.removed"));
            await refetch();
            props.onStorageChanged();
          }}
        />
      </Show>
    </SettingsSection>
  );
}
