import { useEffect, useState } from "react";
import type { ReactNode } from "react";
import { Box, IconButton, useMediaQuery } from "@mui/material";
import { useTheme } from "@mui/material/styles";
import ChevronLeftIcon from "@mui/icons-material/ChevronLeft";
import ChevronRightIcon from "@mui/icons-material/ChevronRight";
import { ColumnHeader } from "./ColumnHeader";

interface PrimaryDrawerProps {
  title: string;
  children: (collapsed: boolean) => ReactNode;
}

/** Left column: full width on large screens, a rail of icons on narrower ones or when collapsed. */
export function PrimaryDrawer({ title, children }: PrimaryDrawerProps) {
  const theme = useTheme();
  const wide = useMediaQuery(theme.breakpoints.up("md"), { noSsr: true });
  const [open, setOpen] = useState(wide);
  useEffect(() => setOpen(wide), [wide]);
  const { appBarHeight, primaryDrawerWidth, primaryDrawerClosed } = theme.layout;

  return (
    <Box
      component="nav"
      aria-label={title}
      sx={{
        flexShrink: 0,
        width: open ? primaryDrawerWidth : primaryDrawerClosed,
        mt: `${appBarHeight}px`,
        height: `calc(100dvh - ${appBarHeight}px)`,
        borderRight: `1px solid ${theme.palette.divider}`,
        bgcolor: "background.paper",
        overflowX: "hidden",
        overflowY: "auto",
        transition: theme.transitions.create("width", {
          duration: theme.transitions.duration.shorter,
        }),
      }}
    >
      <ColumnHeader
        title={title}
        hidden={!open}
        action={
          <IconButton
            size="small"
            aria-label={open ? "Collapse server list" : "Expand server list"}
            aria-expanded={open}
            onClick={() => setOpen(!open)}
            sx={{ mr: open ? -1 : 0.5 }}
          >
            {open ? <ChevronLeftIcon /> : <ChevronRightIcon />}
          </IconButton>
        }
      />
      {children(!open)}
    </Box>
  );
}
