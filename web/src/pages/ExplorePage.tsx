import { useParams } from "react-router-dom";
import { AppLayout } from "../components/layout/AppLayout";
import { ExploreCategories } from "../components/servers/ExploreCategories";
import { ExploreServers } from "../components/servers/ExploreServers";
import { PopularServers } from "../components/servers/PopularServers";

/** `/` (popular servers) and `/explore/:categoryName` (one category): same page, as the original. */
export function ExplorePage() {
  const { categoryName } = useParams();
  return (
    <AppLayout
      primaryTitle="Popular"
      primary={(collapsed) => <PopularServers collapsed={collapsed} />}
      secondary={<ExploreCategories />}
    >
      <ExploreServers categoryName={categoryName} />
    </AppLayout>
  );
}
