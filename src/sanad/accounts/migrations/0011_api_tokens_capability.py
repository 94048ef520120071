"""Data: the administrator creates and revokes API tokens (only this capability is added, and removed on
reversal)."""

from django.db import migrations

from sanad.accounts.role_migrations import capability_steps

add_capabilities, remove_capabilities = capability_steps({"admin": ["admin.api_tokens"]})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0010_roles_for_record_linkage")]
    operations = [migrations.RunPython(add_capabilities, remove_capabilities)]
