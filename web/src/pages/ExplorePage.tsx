import { useParams } from "react-router-dom";
import { DmSidebar } from "../components/dms/DmSidebar";
import { AppLayout } from "../components/layout/AppLayout";
import { ExploreCategories } from "../components/servers/ExploreCategories";
import { ExploreServers } from "../components/servers/ExploreServers";
import { PopularServers } from "../components/servers/PopularServers";
import { useAuth } from "../context/AuthContext";

/** `/` (popular servers) and `/explore/:categoryName` (one category): same page, as the original. */
export function ExplorePage() {
  const { categoryName } = useParams();
  const { status } = useAuth();
  return (
    <AppLayout
      primaryTitle="Popular"
      primary={(collapsed) => <PopularServers collapsed={collapsed} />}
      secondary={
        <>
          {status === "authenticated" && <DmSidebar />}
          <ExploreCategories />
        </>
      }
    >
      <ExploreServers categoryName={categoryName} />
    </AppLayout>
  );
}
