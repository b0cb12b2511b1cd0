/**
 * Routes and the layout around them (skip link, header, main). Also wires the tab's websocket to
 * the session: reconnect when the signed-in person changes; on a revoked session, refetch `me`
 * and go to /login.
 */
import { Route, Router, useNavigate, type RouteSectionProps } from "@solidjs/router";
import { createComponent, createEffect, createMemo, createSignal, Match, on, onCleanup, Show, Switch, type Component, type ComponentProps, type JSX } from "solid-js";
import { RetryAlert } from "./components/Alert.tsx";
import { Header } from "./components/Header.tsx";
import { OfflineBanner } from "./features/offline/OfflineBanner.tsx";
import { NotFoundPage } from "./components/NotFound.tsx";
import { Page } from "./components/Page.tsx";
import { RequireAuth } from "./components/RequireAuth.tsx";
import { Toasts } from "./components/Toasts.tsx";
import { loadSignedInShell, signedIn } from "./components/signed-in.tsx";
import { t } from "./i18n/index.ts";
import { loadOnce } from "./lib/load-once.ts";
import { me, refreshMe, sessionKnown } from "./lib/session.ts";
import { configureSocket, connectSocket } from "./lib/socket.ts";

/** How long a page's code may take to arrive before "Loading…" shows (a fast load shows nothing). */
const LOADING_DELAY_MS = 400;

function PageLoading() {
  const [shown, setShown] = createSignal(false);
  const timer = setTimeout(() => setShown(true), LOADING_DELAY_MS);
  onCleanup(() => clearTimeout(timer));
  return (
    <Show when={shown()}>
      <p class="loading" role="status">
        {t("app.loading")}
      </p>
    </Show>
  );
}

/**
 * A route's page whose code is a chunk of its own, fetched on the first visit (and on hover of a
 * link to it: the router calls preload). Until it is here, the page's place shows PageLoading;
 * if it cannot be fetched (offline, or a new version replaced the files), a retry that reloads.
 * Unlike solid's lazy(), no Suspense is involved: a page's own loading states stay its own.
 */
function lazy<T extends Component<any>>(load: () => Promise<{ default: T }>): T & { preload: () => Promise<T> } {
  let loaded: T | undefined;
  const preload = loadOnce(() => load().then((m) => (loaded = m.default)));
  const LazyPage = (props: ComponentProps<T>) => {
    const [page, setPage] = createSignal<T | undefined>(loaded);
    const [failed, setFailed] = createSignal(false);
    if (!loaded) preload().then((c) => setPage(() => c), () => setFailed(true));
    return (
      <Show when={page()} fallback={failed() ? <PageUnavailable /> : <PageLoading />}>
        {(c) => createComponent(c(), props)}
      </Show>
    );
  };
  return Object.assign(LazyPage as T, { preload });
}

function PageUnavailable() {
  return (
    <Page title={t("load.failedTitle")}>
      <RetryAlert failure={{ reason: "errors.network" }} onRetry={() => window.location.reload()} />
    </Page>
  );
}

const GuestHome = lazy(() => import("./features/home/GuestHome.tsx").then((m) => ({ default: m.GuestHome })));
const SignedInHome = lazy(() => import("./features/home/SignedInHome.tsx").then((m) => ({ default: m.SignedInHome })));
const posts = () => import("./features/posts/PostsPages.tsx");
const PublicationsPage = lazy(posts);
const TagPage = lazy(() => posts().then((m) => ({ default: m.TagPage })));
const PostPage = lazy(() => import("./features/posts/PostPage.tsx"));
const NotificationsPage = lazy(() => import("./features/notifications/NotificationsPage.tsx"));
const RegisterPage = lazy(() => import("./features/auth/RegisterPage.tsx"));
const VerifyPage = lazy(() => import("./features/auth/VerifyPage.tsx"));
const LoginPage = lazy(() => import("./features/auth/LoginPage.tsx"));
const ForgotPasswordPage = lazy(() => import("./features/auth/ForgotPasswordPage.tsx"));
const ResetPasswordPage = lazy(() => import("./features/auth/ResetPasswordPage.tsx"));
const AccountDeletedPage = lazy(() => import("./features/account-deletion/AccountDeletedPage.tsx"));
const SessionsPage = lazy(() => import("./features/auth/SessionsPage.tsx"));
const ProfilePage = lazy(() => import("./features/profile/ProfilePage.tsx"));
const SettingsPage = lazy(() => import("./features/settings/SettingsPage.tsx"));
const NewAlbumPage = lazy(() => import("./features/albums/NewAlbumPage.tsx"));
const AlbumPage = lazy(() => import("./features/albums/AlbumPage.tsx"));
const friends = () => import("./features/friends/FriendsPages.tsx");
const FriendsPage = lazy(friends);
const FriendRequestsPage = lazy(() => friends().then((m) => ({ default: m.FriendRequestsPage })));
const RecommendationsPage = lazy(() => friends().then((m) => ({ default: m.RecommendationsPage })));
const AllFriendsPage = lazy(() => friends().then((m) => ({ default: m.AllFriendsPage })));
const PersonFriendsPage = lazy(() => friends().then((m) => ({ default: m.PersonFriendsPage })));
// The messenger's layout (with the chat list) and an open chat are chunks of their own, fetched together.
const chats = () => import("./features/chats/ChatsPages.tsx");
const chatView = () => import("./features/chats/ChatView.tsx");
const ChatsLayout = lazy(() => chats().then((m) => ({ default: m.ChatsLayout })));
const NoChatSelected = lazy(() => chats().then((m) => ({ default: m.NoChatSelected })));
const ChatPage = lazy(() => chatView().then((m) => ({ default: m.ChatPage })));
const GlobalChatPage = lazy(() => chatView().then((m) => ({ default: m.GlobalChatPage })));
const adminShell = () => import("./features/admin/AdminShell.tsx");
const AdminLayout = lazy(() => adminShell().then((m) => ({ default: m.AdminLayout })));
const AdminHome = lazy(() => adminShell().then((m) => ({ default: m.AdminHome })));
const AdminReportsPage = lazy(() => import("./features/admin/ReportsPage.tsx"));
const AdminLogPage = lazy(() => import("./features/admin/LogPage.tsx"));
const AdminTeamPage = lazy(() => import("./features/admin/TeamPage.tsx"));

/**
 * /: the feed for a signed-in person (features/home/SignedInHome.tsx); for guests, a welcome with
 * the way into the public chat and a preview of the public feed (GuestHome.tsx). Each is a chunk
 * of its own, fetched once the session is known: a guest's first visit loads no composer.
 */
function HomePage() {
  return (
    <Switch fallback={<PageLoading />}>
      <Match when={me()}>{(user) => <SignedInHome user={user()} />}</Match>
      <Match when={sessionKnown()}>
        <GuestHome />
      </Match>
    </Switch>
  );
}

function useSessionSocket() {
  const navigate = useNavigate();
  configureSocket({
    onRevoked: () => {
      void refreshMe().then((user) => {
        if (!user) navigate("/login", { replace: true, state: { notice: "auth.sessionEnded" } });
      });
    },
  });
  // Whoever is signed in (or "guest"); the socket authenticates at upgrade, so a change needs a new one.
  const identity = createMemo(() => (sessionKnown() ? (me()?.id ?? "guest") : null));
  // A signed-in person's live state (SignedInShell.tsx) listens from the first hello: its chunk first.
  createEffect(
    on(identity, (id) => {
      if (id === "guest") connectSocket();
      else if (id) {
        const connect = () => identity() === id && connectSocket();
        loadSignedInShell().then(connect, connect);
      }
    }),
  );
}

/** The phone's tab bar: a signed-in person's (SignedInShell.tsx). */
const TabBar = signedIn("TabBar");

function Layout(props: RouteSectionProps): JSX.Element {
  useSessionSocket();
  return (
    <div class="app">
      <a class="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <Header />
      <OfflineBanner />
      <main id="main" class="main" tabindex="-1">
        {props.children}
      </main>
      <Show when={me()}>
        <TabBar />
      </Show>
      <Toasts />
    </div>
  );
}

/** A page for signed-in people; the router's preload still fetches its code as the route matches (with its layout's). */
const Protected = (Page: (() => JSX.Element) & { preload?: () => Promise<unknown> }) =>
  Object.assign(
    () => (
      <RequireAuth>
        <Page />
      </RequireAuth>
    ),
    { preload: Page.preload },
  );

export function App() {
  return (
    <Router root={Layout}>
      <Route path="/" component={HomePage} />
      <Route path="/register" component={RegisterPage} />
      <Route path="/verify" component={VerifyPage} />
      <Route path="/login" component={LoginPage} />
      <Route path="/forgot-password" component={ForgotPasswordPage} />
      <Route path="/reset-password" component={ResetPasswordPage} />
      <Route path="/account-deleted" component={AccountDeletedPage} />
      <Route path="/settings" component={Protected(SettingsPage)} />
      <Route path="/settings/sessions" component={Protected(SessionsPage)} />
      <Route path="/friends" component={Protected(FriendsPage)} />
      <Route path="/friends/requests" component={Protected(FriendRequestsPage)} />
      <Route path="/friends/recommendations" component={Protected(RecommendationsPage)} />
      <Route path="/friends/all" component={Protected(AllFriendsPage)} />
      <Route path="/publications" component={Protected(PublicationsPage)} />
      <Route path="/tags/:tag" component={TagPage} />
      <Route path="/posts/:id" component={PostPage} />
      <Route path="/notifications" component={Protected(NotificationsPage)} />
      {/* One layout (chat list beside the chat) for all three, so switching chats keeps the list. */}
      <Route component={ChatsLayout}>
        <Route path="/chats" component={Protected(NoChatSelected)} />
        <Route path="/chats/:id" component={Protected(ChatPage)} />
        <Route path="/chat/global" component={GlobalChatPage} />
      </Route>
      <Route path="/u/:username" component={ProfilePage} />
      <Route path="/u/:username/friends" component={PersonFriendsPage} />
      <Route path="/albums/new" component={Protected(NewAlbumPage)} />
      <Route path="/albums/:id" component={AlbumPage} />
      {/* Moderation: the layout asks for sign-in and a moderator's role (a member sees "no access"). */}
      <Route path="/admin" component={AdminLayout}>
        <Route path="/" component={AdminHome} />
        <Route path="/reports" component={AdminReportsPage} />
        <Route path="/log" component={AdminLogPage} />
        <Route path="/team" component={AdminTeamPage} />
      </Route>
      <Route path="*" component={NotFoundPage} />
    </Router>
  );
}
