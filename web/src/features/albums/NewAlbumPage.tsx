/** /albums/new (signed in only): create an album, then continue on its page to add photos. */
import { useNavigate } from "@solidjs/router";
import { Page } from "../../components/Page.tsx";
import { t } from "../../i18n/index.ts";
import { me } from "../../lib/session.ts";
import { trpc } from "../../lib/trpc.ts";
import { AlbumForm } from "./AlbumForm.tsx";
import "./albums.css";

export default function NewAlbumPage() {
  const navigate = useNavigate();
  return (
    <Page title={t("albums.newTitle")} class="narrow-page" lead={<p>{t("albums.newLead")}</p>}>
      <section class="card">
        <AlbumForm
          submitLabel={t("albums.create")}
          pendingLabel={t("albums.creating")}
          onSubmit={async (input) => {
            const album = await trpc.albums.create.mutate(input);
            navigate(`/albums/${album.id}`, { replace: true });
          }}
          onCancel={() => navigate(me() ? `/u/${encodeURIComponent(me()!.username)}` : "/")}
        />
      </section>
    </Page>
  );
}
