/**
 * Settings → Avatar: the current picture, uploading a new one (preview and progress while it
 * goes; it becomes the active one), and the history: make an older one active again or delete
 * one (after a confirmation).
 */
import { createSignal, For, Show } from "solid-js";
import { MEDIA_LIMITS } from "../../../../shared/media-rules.ts";
import type { AvatarEntry, Settings } from "../../../../shared/profiles.ts";
import { ErrorAlert, StatusMessage } from "../../components/Alert.tsx";
import { Avatar, avatarUrl } from "../../components/Avatar.tsx";
import { ConfirmDialog } from "../../components/lazy-parts.tsx";
import { IconButton } from "../../components/IconButton.tsx";
import { ImagePicker } from "../../components/ImagePicker.tsx";
import { StarIcon, TrashIcon } from "../../components/icons.tsx";
import { UploadList } from "../../components/UploadList.tsx";
import { formatBytes, formatDateTime, t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { createLoader } from "../../lib/load.ts";
import { focusHeadingNear, sectionOf } from "../../lib/focus.ts";
import { refreshMe } from "../../lib/session.ts";
import { readError, trpc, type AppError } from "../../lib/trpc.ts";
import { createUploadQueue } from "../../lib/upload-queue.ts";
import { SettingsSection } from "./SettingsSection.tsx";
import "../../components/field.css";

export function AvatarSection(props: { settings: Settings; onStorageChanged: () => void }) {
  const [list, { refetch }] = createLoader(() => true, () => trpc.avatars.list.query());
  const queue = createUploadQueue("avatar", { concurrency: 1 });
  const [failure, setFailure] = createSignal<AppError | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [removing, setRemoving] = createSignal<AvatarEntry | null>(null);

  const entries = () => list()?.value ?? [];
  const active = () => entries().find((e) => e.active) ?? null;

  async function act(task: () => Promise<unknown>, done: string, from?: Element) {
    if (busy()) return;
    const section = sectionOf(from ?? null);
    setBusy(true);
    setFailure(null);
    setNotice(null);
    try {
      await task();
      await refetch();
      setNotice(done);
      void refreshMe();
    } catch (error) {
      setFailure(readError(error));
    } finally {
      setBusy(false);
      // The clicked button may be gone (its photo became the current one).
      if (from && !from.isConnected) focusHeadingNear(section);
    }
  }

  const upload = async (files: File[]) => {
    queue.clearFinished();
    setFailure(null);
    setNotice(null);
    const [media] = await queue.add(files.slice(0, 1));
    if (!media) return;
    props.onStorageChanged();
    await act(() => trpc.avatars.add.mutate({ mediaId: media.id }), t("avatar.updated"));
  };

  return (
    <SettingsSection id="settings-avatar" title={t("settings.avatar")} lead={t("avatar.lead")}>
      <ErrorAlert message={failure() ? errorText(failure()!) : list()?.failure ? errorText(list()!.failure!) : null} />
      <StatusMessage message={notice()} />
      <div class="avatar-current">
        <Avatar person={props.settings} avatar={active()?.media ?? null} size="xl" alt={t("avatar.current")} />
        <div class="avatar-actions">
          <ImagePicker
            primary
            label={active() ? t("avatar.uploadNew") : t("avatar.upload")}
            inputLabel={t("avatar.fileInput")}
            disabled={queue.busy() || busy()}
            onFiles={(files) => void upload(files)}
          />
          <p class="field-hint">{t("upload.hint", { size: formatBytes(MEDIA_LIMITS.maxBytes) })}</p>
          <Show when={active()}>
            {(current) => (
              <button type="button" class="btn btn-danger btn-small" onClick={() => setRemoving(current())}>
                <TrashIcon />
                {t("avatar.removeCurrent")}
              </button>
            )}
          </Show>
        </div>
      </div>
      <UploadList queue={queue} label={t("avatar.uploads")} />
      <Show when={entries().length > 1}>
        <h3 class="subheading">{t("avatar.history")}</h3>
        <ul class="avatar-history" aria-label={t("avatar.history")}>
          <For each={entries()}>
            {(entry) => (
              <li class="avatar-history-item" aria-current={entry.active ? "true" : undefined}>
                <img
                  src={avatarUrl(entry.media, "s96")}
                  alt={t("avatar.fromDate", { date: formatDateTime(entry.media.createdAt) })}
                  width="96"
                  height="96"
                  loading="lazy"
                />
                <Show when={entry.active} fallback={<span class="visually-hidden">{t("avatar.older")}</span>}>
                  <span class="badge">{t("avatar.activeBadge")}</span>
                </Show>
                <div class="avatar-history-tools">
                  <Show when={!entry.active}>
                    <IconButton
                      label={t("avatar.makeActive")}
                      onClick={(e) =>
                        void act(
                          () => trpc.avatars.setActive.mutate({ mediaId: entry.media.id }),
                          t("avatar.updated"),
                          e.currentTarget,
                        )
                      }
                    >
                      <StarIcon />
                    </IconButton>
                    <IconButton label={t("avatar.remove")} danger onClick={() => setRemoving(entry)}>
                      <TrashIcon />
                    </IconButton>
                  </Show>
                </div>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={removing() !== null}>
        <ConfirmDialog
          open={removing() !== null}
          onClose={() => setRemoving(null)}
          title={t("avatar.removeTitle")}
          message={removing()?.active ? t("avatar.removeActiveText") : t("avatar.removeText")}
          confirmLabel={t("common.delete")}
          onConfirm={async () => {
            const entry = removing();
            if (!entry) return;
            await trpc.avatars.remove.mutate({ mediaId: entry.media.id });
            setNotice(t("avatar.removed"));
            await refetch();
            props.onStorageChanged();
            void refreshMe();
          }}
        />
      </Show>
    </SettingsSection>
  );
}
