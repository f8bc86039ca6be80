from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """Django's admin with our site class, so every `admin.register` lands behind two factors."""

    default_site = "mestergruppen.admin_site.StaffAdminSite"

    def ready(self):
        super().ready()
        from django.contrib.auth.signals import user_logged_in

        from mestergruppen.staff_sessions import mark_signed_in

        user_logged_in.connect(mark_signed_in, dispatch_uid="staff_sessions.mark_signed_in")
