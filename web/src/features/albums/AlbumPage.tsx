/**
 * /albums/:id: title, theme, year, who can see it, and the photos (click one for the full-screen
 * viewer). The owner adds photos (picker or drag and drop), edits captions, reorders, picks the
 * cover, removes photos, edits the album and deletes it (after a confirmation).
 */
import { useNavigate, useParams } from "@solidjs/router";
import { createEffect, createSignal, Match, Show, Switch } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import type { Album, AlbumPhoto } from "../../../../shared/albums.ts";
import { ErrorAlert, StatusMessage } from "../../components/Alert.tsx";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { Dialog } from "../../components/Dialog.tsx";
import { LoadFailure } from "../../components/LoadFailure.tsx";
import { Page } from "../../components/Page.tsx";
import { PencilIcon, TrashIcon } from "../../components/icons.tsx";
import { t, tPlural } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { createLoader } from "../../lib/load.ts";
import { readError, trpc, type AppError } from "../../lib/trpc.ts";
import { AlbumForm } from "./AlbumForm.tsx";
import { AlbumUploader } from "./AlbumUploader.tsx";
import { CaptionDialog } from "./CaptionDialog.tsx";
import { focusPhotoMenu, PhotoGrid, type PhotoActions } from "./PhotoGrid.tsx";
import { PhotoViewer } from "./PhotoViewer.tsx";
import { VisibilityBadge } from "./VisibilityBadge.tsx";
import "./album-page.css";

function AlbumView(props: { album: Album; setAlbum: (next: Album) => void; reload: () => Promise<unknown> }) {
  const navigate = useNavigate();
  const a = () => props.album;
  const [viewing, setViewing] = createSignal<number | null>(null);
  const [failure, setFailure] = createSignal<AppError | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [captioning, setCaptioning] = createSignal<AlbumPhoto | null>(null);
  const [removing, setRemoving] = createSignal<AlbumPhoto | null>(null);
  const [editing, setEditing] = createSignal(false);
  const [deleting, setDeleting] = createSignal(false);

  /** Runs one owner action at a time; shows its error, or the notice it returns. */
  async function act(task: () => Promise<string | void>) {
    if (busy()) return;
    setBusy(true);
    setFailure(null);
    setNotice(null);
    try {
      const done = await task();
      if (done) setNotice(done);
    } catch (error) {
      setFailure(readError(error));
      await props.reload();
    } finally {
      setBusy(false);
    }
  }

  const actions: PhotoActions = {
    move: (photo, delta) =>
      void act(async () => {
        const photos = [...a().photos];
        const from = photos.findIndex((p) => p.id === photo.id);
        const to = from + delta;
        if (from < 0 || to < 0 || to >= photos.length) return;
        [photos[from], photos[to]] = [photos[to]!, photos[from]!];
        // Optimistic: the grid moves at once, and focus follows the photo.
        props.setAlbum({ ...a(), photos });
        queueMicrotask(() => focusPhotoMenu(photo.id));
        await trpc.albums.reorder.mutate({ albumId: a().id, photoIds: photos.map((p) => p.id) });
        return t("albums.moved", { n: to + 1, total: photos.length });
      }),
    setCover: (photo) =>
      void act(async () => {
        await trpc.albums.setCover.mutate({ albumId: a().id, photoId: photo.id });
        props.setAlbum({ ...a(), cover: photo.media });
        queueMicrotask(() => focusPhotoMenu(photo.id));
        return t("albums.coverSet");
      }),
    editCaption: (photo) => setCaptioning(photo),
    remove: (photo) => setRemoving(photo),
  };

  const saveCaption = async (photo: AlbumPhoto, caption: string) => {
    await trpc.albums.updatePhoto.mutate({ photoId: photo.id, caption });
    props.setAlbum({ ...a(), photos: a().photos.map((p) => (p.id === photo.id ? { ...p, caption } : p)) });
    setNotice(t("albums.captionSaved"));
  };

  const lead = () => (
    <>
      <p class="album-facts">
        <Show when={a().theme}>
          <span>{a().theme}</span>
        </Show>
        <Show when={a().year !== null}>
          <span>{a().year}</span>
        </Show>
        <span>{tPlural("albums.photoCount", a().photos.length)}</span>
        <VisibilityBadge visibility={a().visibility} />
      </p>
      <p class="album-owner">
        {t("albums.by")} <a href={`/u/${encodeURIComponent(a().ownerUsername)}`}>@{a().ownerUsername}</a>
      </p>
    </>
  );

  return (
    <Page title={a().title} class="album-page" lead={lead()}>
      <Show when={a().isOwner}>
        <div class="album-toolbar">
          <AlbumUploader
            albumId={a().id}
            onAdded={async (n) => {
              await props.reload();
              setNotice(t("albums.added", { n }));
            }}
            onFailed={(error) => {
              setFailure(readError(error));
              void props.reload();
            }}
          />
          <div class="inline-actions">
            <button type="button" class="btn" onClick={() => setEditing(true)}>
              <PencilIcon />
              {t("albums.edit")}
            </button>
            <button type="button" class="btn btn-danger" onClick={() => setDeleting(true)}>
              <TrashIcon />
              {t("albums.delete")}
            </button>
          </div>
        </div>
      </Show>
      <ErrorAlert message={failure() ? errorText(failure()!) : null} />
      <StatusMessage message={notice()} />
      <Show
        when={a().photos.length > 0}
        fallback={<p class="card muted empty-note">{a().isOwner ? t("albums.emptyOwner") : t("albums.empty")}</p>}
      >
        <PhotoGrid
          photos={a().photos}
          coverId={a().cover?.id ?? null}
          owner={a().isOwner}
          label={t("albums.photosOf", { title: a().title })}
          onOpen={setViewing}
          actions={actions}
        />
      </Show>
      <PhotoViewer
        photos={a().photos}
        index={viewing()}
        onIndex={setViewing}
        onClose={() => setViewing(null)}
        albumTitle={a().title}
      />
      <CaptionDialog photo={captioning()} onClose={() => setCaptioning(null)} onSave={saveCaption} />
      <ConfirmDialog
        open={removing() !== null}
        onClose={() => setRemoving(null)}
        title={t("albums.removePhotoTitle")}
        message={t("albums.removePhotoText")}
        confirmLabel={t("common.delete")}
        onConfirm={async () => {
          const photo = removing();
          if (!photo) return;
          await trpc.albums.removePhoto.mutate({ photoId: photo.id });
          await props.reload();
          setNotice(t("albums.photoRemoved"));
        }}
      />
      <Dialog open={editing()} onClose={() => setEditing(false)} labelledBy="album-edit-title" class="dialog-form">
        <h2 id="album-edit-title" class="dialog-title">
          {t("albums.editTitle")}
        </h2>
        <AlbumForm
          initial={a()}
          submitLabel={t("common.save")}
          pendingLabel={t("common.saving")}
          onCancel={() => setEditing(false)}
          onSubmit={async (input) => {
            await trpc.albums.update.mutate({ id: a().id, ...input });
            await props.reload();
            setEditing(false);
            setNotice(t("albums.saved"));
          }}
        />
      </Dialog>
      <ConfirmDialog
        open={deleting()}
        onClose={() => setDeleting(false)}
        title={t("albums.deleteTitle")}
        message={t("albums.deleteText", { title: a().title })}
        confirmLabel={t("albums.delete")}
        onConfirm={async () => {
          await trpc.albums.remove.mutate({ id: a().id });
          navigate(`/u/${encodeURIComponent(a().ownerUsername)}`, { replace: true });
        }}
      />
    </Page>
  );
}

export default function AlbumPage() {
  const params = useParams<{ id: string }>();
  const [album, { refetch }] = createLoader(
    () => params.id,
    (id) => trpc.albums.byId.query({ id }),
  );
  // The album lives in a store reconciled by id: a changed caption or a reload updates the photos
  // in place, so their elements (and the focus in them) survive.
  const [shown, setShown] = createStore<{ album?: Album }>({});
  const show = (next: Album) => setShown("album", reconcile(next, { key: "id" }));
  createEffect(() => {
    const value = album()?.value;
    if (value) show(value);
  });
  return (
    <Switch fallback={<p class="loading" role="status">{t("app.loading")}</p>}>
      <Match when={album()?.failure}>
        {(failure) => (
          <LoadFailure
            failure={failure()}
            notFoundTitle={t("albums.notFoundTitle")}
            notFoundText={t("albums.notFoundText")}
            onRetry={() => void refetch()}
          />
        )}
      </Match>
      <Match when={album()?.value && shown.album}>
        {(value) => <AlbumView album={value()} setAlbum={show} reload={async () => void (await refetch())} />}
      </Match>
    </Switch>
  );
}
