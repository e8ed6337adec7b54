from rest_framework.pagination import CursorPagination


class HavenCursorPagination(CursorPagination):
    """Stable pages over changing data; the cursor is opaque and carries no ids."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"
