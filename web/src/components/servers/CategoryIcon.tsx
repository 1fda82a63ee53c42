import type { SvgIconComponent } from "@mui/icons-material";
import SportsEsportsIcon from "@mui/icons-material/SportsEsports";
import CodeIcon from "@mui/icons-material/Code";
import MusicNoteIcon from "@mui/icons-material/MusicNote";
import ScienceIcon from "@mui/icons-material/Science";
import TagIcon from "@mui/icons-material/Tag";
import { Box } from "@mui/material";
import { mediaUrl } from "../../config";
import type { Category } from "../../types/api";

const BUILT_IN: Record<string, SvgIconComponent> = {
  gaming: SportsEsportsIcon,
  programming: CodeIcon,
  music: MusicNoteIcon,
  science: ScienceIcon,
};

/** A category's uploaded icon, or a built-in symbol for it. */
export function CategoryIcon({ category }: { category: Category }) {
  const src = mediaUrl(category.icon);
  if (src) {
    return (
      <Box
        component="img"
        src={src}
        alt=""
        sx={{
          width: 24,
          height: 24,
          objectFit: "contain",
          filter: (t) => (t.palette.mode === "dark" ? "invert(100%)" : "none"),
        }}
      />
    );
  }
  const Icon = BUILT_IN[category.name.toLowerCase()] ?? TagIcon;
  return <Icon fontSize="small" />;
}
