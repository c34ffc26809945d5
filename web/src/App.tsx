// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { MantineProvider } from "@mantine/core";
import { lazy, Suspense, useEffect, useRef } from "react";
import { Footer } from "./components/Footer";
import { Header } from "./components/Header";
import { mainId, SkipLink } from "./components/SkipLink";
import { I18nProvider } from "./i18n/context";
import type { Language } from "./i18n/languages";
import { PageLoading } from "./components/PageLoading";
import { adminTabFor } from "./pages/admin-tabs";
import { Home } from "./pages/Home";
import { Login } from "./pages/Login";
import { NotFound } from "./pages/NotFound";
import { ResetPassword } from "./pages/ResetPassword";
import { usePath } from "./router";
import { SessionProvider } from "./session-context";
import { ShellProvider } from "./shell-context";
import { colorSchemeManager, cssVariablesResolver, theme } from "./theme";

// The pages few visitors need at first are loaded when first shown, so that
// the home and login pages stay light.
const Drive = lazy(() => import("./pages/Drive").then((m) => ({ default: m.Drive })));
const Account = lazy(() => import("./pages/Account").then((m) => ({ default: m.Account })));
const Admin = lazy(() => import("./pages/Admin").then((m) => ({ default: m.Admin })));
const Teams = lazy(() => import("./pages/Teams").then((m) => ({ default: m.Teams })));
const TeamPage = lazy(() => import("./pages/Teams").then((m) => ({ default: m.TeamPage })));
const DocsHome = lazy(() => import("./pages/DocsHome").then((m) => ({ default: m.DocsHome })));
const loadDocPage = () => import("./pages/DocPage");
// A document opened directly (a link, a reload) starts loading its page,
// which starts loading the document (docs/preload.ts), with the app rather
// than after the app's first render and session check.
if (/^\/docs\/[^/]+\/?$/.test(window.location.pathname)) void loadDocPage();
const DocPage = lazy(() => loadDocPage().then((m) => ({ default: m.DocPage })));
const Invite = lazy(() => import("./pages/Invite").then((m) => ({ default: m.Invite })));
const SharePage = lazy(() => import("./drive/SharePage").then((m) => ({ default: m.SharePage })));

/** App is the frame of the suite: providers, skip link, header, the page, footer. */
export function App({ language }: { language: Language }) {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} colorSchemeManager={colorSchemeManager} defaultColorScheme="auto">
      <I18nProvider initial={language}>
        <ShellProvider>
          <SessionProvider>
            <Frame />
          </SessionProvider>
        </ShellProvider>
      </I18nProvider>
    </MantineProvider>
  );
}

function Frame() {
  const path = usePath();
  const first = useRef(true);

  // After a client-side navigation, move focus to the new page's heading so
  // that screen readers announce it (a full page load does this by itself).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById("ens-page-title")?.focus();
  }, [path]);

  return (
    <div className="ens-frame">
      <SkipLink />
      <Header />
      <main id={mainId} tabIndex={-1} className="ens-main">
        <Suspense fallback={<PageLoading />}>
          <Page path={path} />
        </Suspense>
      </main>
      <Footer />
    </div>
  );
}

/** decode reads one path segment; a malformed escape is kept as it is (and leads to a "not found"). */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Page picks the page for a path. Modules will add their routes here. */
function Page({ path }: { path: string }) {
  if (path === "/" || path === "/index.html") return <Home />;
  if (path === "/login") return <Login />;
  if (path === "/drive" || path.startsWith("/drive/")) return <Drive />;
  if (path === "/account") return <Account />;
  if (path === "/teams" || path === "/teams/") return <Teams />;
  if (adminTabFor(path)) return <Admin />;
  if (path === "/docs" || path === "/docs/") return <DocsHome />;
  const doc = /^\/docs\/([^/]+)\/?$/.exec(path);
  if (doc?.[1]) return <DocPage key={doc[1]} id={decode(doc[1])} />;
  const team = /^\/teams\/([^/]+)\/?$/.exec(path);
  if (team?.[1]) return <TeamPage key={team[1]} id={decode(team[1])} />;
  const invite = /^\/invite\/([^/]+)$/.exec(path);
  if (invite?.[1]) return <Invite secret={decode(invite[1])} />;
  const share = /^\/s\/([^/]+)$/.exec(path);
  if (share?.[1]) return <SharePage key={share[1]} token={decode(share[1])} />;
  const reset = /^\/reset-password\/([^/]+)$/.exec(path);
  if (reset?.[1]) return <ResetPassword token={decode(reset[1])} />;
  return <NotFound path={path} />;
}
