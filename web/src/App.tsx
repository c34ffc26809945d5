// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { MantineProvider } from "@mantine/core";
import { useEffect, useRef } from "react";
import { Footer } from "./components/Footer";
import { Header } from "./components/Header";
import { mainId, SkipLink } from "./components/SkipLink";
import { I18nProvider } from "./i18n/context";
import type { Language } from "./i18n/languages";
import { Account } from "./pages/Account";
import { Admin, adminTabFor } from "./pages/Admin";
import { Home } from "./pages/Home";
import { Login } from "./pages/Login";
import { NotFound } from "./pages/NotFound";
import { ResetPassword } from "./pages/ResetPassword";
import { usePath } from "./router";
import { SessionProvider } from "./session-context";
import { ShellProvider } from "./shell-context";
import { colorSchemeManager, cssVariablesResolver, theme } from "./theme";

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
        <Page path={path} />
      </main>
      <Footer />
    </div>
  );
}

/** Page picks the page for a path. Modules will add their routes here. */
function Page({ path }: { path: string }) {
  if (path === "/" || path === "/index.html") return <Home />;
  if (path === "/login") return <Login />;
  if (path === "/account") return <Account />;
  if (adminTabFor(path)) return <Admin />;
  const reset = /^\/reset-password\/([^/]+)$/.exec(path);
  if (reset?.[1]) return <ResetPassword token={decodeURIComponent(reset[1])} />;
  return <NotFound path={path} />;
}
