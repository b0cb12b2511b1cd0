/**
 * /: the feed for a signed-in person; for guests, a welcome with the way into the public chat
 * (readable without an account) and a preview of the public feed.
 */
import { Match, Switch } from "solid-js";
import { t } from "../../i18n/index.ts";
import { me, sessionKnown } from "../../lib/session.ts";
import { GuestHome, SignedInHome } from "../posts/PostsPages.tsx";
import { PublicChatCall } from "./PublicChatCall.tsx";

export default function HomePage() {
  return (
    <Switch fallback={<p class="loading" role="status">{t("app.loading")}</p>}>
      <Match when={me()}>{(user) => <SignedInHome user={user()} />}</Match>
      <Match when={sessionKnown()}>
        <GuestHome call={<PublicChatCall />} />
      </Match>
    </Switch>
  );
}
