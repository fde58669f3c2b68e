"""Shared set-up of the voucher benchmarks: a migrated throwaway database and
Django configured in the benchmark's own process (production settings), so the
script can create data and check the outcome through the ORM.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from common import ROOT, manage, production_env  # noqa: E402

DATABASE = "bench_vouchers"


def configure_django(database, media, static, **extra):
    """Migrate ``database`` and set up Django on it in this process; returns the env."""
    env = production_env(database, media, static)
    env.update(extra)
    print("Migrating a fresh database …", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "compile_translations")
    manage(env, "collectstatic", "--noinput", "-v0")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return env


def site_with_network(merchants):
    """Home page, directory and ``merchants`` businesses of the network with a user each."""
    from portal.directory import factories as directory_factories
    from portal.directory.services import add_member
    from portal.home import factories as home_factories
    from portal.vouchers import factories

    home = home_factories.HomePageFactory(parent=home_factories.root_page())
    home_factories.make_default_site(home)
    index = directory_factories.DirectoryIndexPageFactory(parent=home)
    programme = factories.VoucherProgrammeFactory()
    members = []
    for number in range(merchants):
        page = directory_factories.MerchantPageFactory(parent=index, title=f"Geschäft {number}")
        member = factories.AcceptingMerchantFactory(merchant=page)
        user = home_factories.UserFactory(username=f"kasse{number}")
        add_member(page, user)
        members.append((member, user))
    return programme, members
