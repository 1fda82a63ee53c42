import { List, ListItem, ListItemButton, ListItemIcon, ListItemText } from "@mui/material";
import { Link as RouterLink, useParams } from "react-router-dom";
import { useApiResource } from "../../hooks/useApiResource";
import type { Category } from "../../types/api";
import { ColumnHeader } from "../layout/ColumnHeader";
import { ErrorState, LoadingState } from "../StatusViews";
import { CategoryIcon } from "./CategoryIcon";

/** Second column of the home and explore pages: the categories. */
export function ExploreCategories() {
  const { categoryName } = useParams();
  const categories = useApiResource<Category[]>("/api/server/category/");
  return (
    <nav aria-label="Categories">
      <ColumnHeader title="Explore" />
      {categories.loading && <LoadingState />}
      {categories.error && (
        <ErrorState compact message={categories.error} onRetry={categories.reload} />
      )}
      <List dense sx={{ px: 1 }}>
        {categories.data?.map((category) => {
          const selected = category.name.toLowerCase() === categoryName?.toLowerCase();
          return (
            <ListItem key={category.id} disablePadding sx={{ mb: 0.25 }}>
              <ListItemButton
                component={RouterLink}
                to={`/explore/${encodeURIComponent(category.name)}`}
                selected={selected}
                aria-current={selected ? "page" : undefined}
              >
                <ListItemIcon sx={{ minWidth: 36, color: "text.secondary" }}>
                  <CategoryIcon category={category} />
                </ListItemIcon>
                <ListItemText
                  primary={category.name}
                  primaryTypographyProps={{
                    textTransform: "capitalize",
                    fontWeight: 500,
                    noWrap: true,
                  }}
                />
              </ListItemButton>
            </ListItem>
          );
        })}
      </List>
    </nav>
  );
}
