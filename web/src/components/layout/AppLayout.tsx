import { useState } from "react";
import type { ReactNode } from "react";
import { Box, Drawer, useMediaQuery } from "@mui/material";
import { useTheme } from "@mui/material/styles";
import { PrimaryAppBar } from "./PrimaryAppBar";
import { PrimaryDrawer } from "./PrimaryDrawer";
import { SecondaryColumn } from "./SecondaryColumn";
import { OfflineNotice } from "./OfflineNotice";
import { ColumnHeader } from "./ColumnHeader";

export interface AppLayoutProps {
  /** Heading of the left drawer ("Popular", "Your servers"). */
  primaryTitle: string;
  /** Left drawer content (servers); `collapsed` when the drawer is a narrow rail of icons. */
  primary: (collapsed: boolean) => ReactNode;
  /** Second column (categories, or a server's channels). */
  secondary: ReactNode;
  children: ReactNode;
}

/**
 * The page frame of the original: top bar, a collapsible left drawer, a second column and the
 * main area. On phones both columns move into one slide-in drawer opened from the top bar.
 */
export function AppLayout({ primaryTitle, primary, secondary, children }: AppLayoutProps) {
  const theme = useTheme();
  const isPhone = useMediaQuery(theme.breakpoints.down("sm"), { noSsr: true });
  const [navOpen, setNavOpen] = useState(false);
  const appBar = theme.layout.appBarHeight;

  return (
    <Box sx={{ display: "flex", height: "100dvh", overflow: "hidden" }}>
      <PrimaryAppBar onOpenNavigation={isPhone ? () => setNavOpen(true) : undefined} />
      {isPhone ? (
        <Drawer
          open={navOpen}
          onClose={() => setNavOpen(false)}
          PaperProps={{ sx: { width: "min(320px, 85vw)", pt: `${appBar}px` } }}
        >
          {/* Following a link closes the drawer; keyboard focus moves stay inside it. */}
          <Box onClick={(event) => (event.target as HTMLElement).closest("a") && setNavOpen(false)}>
            {secondary}
            <Box component="nav" aria-label={primaryTitle}>
              <ColumnHeader title={primaryTitle} />
              {primary(false)}
            </Box>
          </Box>
        </Drawer>
      ) : (
        <>
          <PrimaryDrawer title={primaryTitle}>{primary}</PrimaryDrawer>
          <SecondaryColumn>{secondary}</SecondaryColumn>
        </>
      )}
      <Box
        component="main"
        sx={{
          flexGrow: 1,
          minWidth: 0,
          mt: `${appBar}px`,
          height: `calc(100dvh - ${appBar}px)`,
          display: "flex",
          flexDirection: "column",
          overflow: "hidden",
        }}
      >
        <OfflineNotice />
        {children}
      </Box>
    </Box>
  );
}
