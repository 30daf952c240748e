// Organisations, memberships, roles and the audit log through the service: the permission
// rules per role, and that a refused call leaves the database as it was.
#include <gtest/gtest.h>

#include "accounts/roles.h"
#include "accounts_fixture.h"

namespace wsis::testing {
namespace {

using accounts::Caller;
using accounts::ExpectedVersion;
using accounts::MemberForm;
using accounts::OrganisationForm;
using accounts::OrganisationPatch;
using accounts::RolesForm;

ExpectedVersion version(std::int64_t v) { return ExpectedVersion{true, {v}}; }
OrganisationForm itu() { return OrganisationForm{"ITU", "international-organization", "CHE", "https://www.itu.int"}; }

// Everything a refused call might have touched, to compare before and after.
struct Snapshot {
  std::int64_t feed, audit, organisations, memberships, focal_points, roles, versions;
  bool operator==(const Snapshot&) const = default;
};

class accounts_organisations : public ServiceTest {
 protected:
  Snapshot snapshot() {
    return Snapshot{count("SELECT COUNT(*) FROM change_feed"),
                    count("SELECT COUNT(*) FROM audit_log"),
                    count("SELECT COUNT(*) FROM organisations"),
                    count("SELECT COUNT(*) FROM users WHERE organisation_id IS NOT NULL"),
                    count("SELECT COUNT(*) FROM users WHERE focal_point <> 0"),
                    count("SELECT COALESCE(SUM(roles), 0) FROM users"),
                    count("SELECT COALESCE(SUM(version), 0) FROM organisations")};
  }
};

using accounts_roles = accounts_organisations;
using accounts_audit = accounts_organisations;

TEST_F(accounts_organisations, CreatorBecomesMemberAndFocalPoint) {
  auto ada = register_user("ada@example.org");
  auto created = service_->create_organisation(session_caller(ada), itu());
  ASSERT_TRUE(created.ok()) << created.error().detail;
  EXPECT_EQ(created->version, 1);
  auto caller = session_caller(ada);
  EXPECT_EQ(caller.actor->organisation_id, created->id);
  EXPECT_TRUE(caller.actor->has(Role::focal_point));
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_feed WHERE topic = 'organisation' AND op = 'create'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_feed WHERE topic = 'organisation' AND op = 'member_add'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'organisation.create'"), 1);

  // One organisation per user.
  auto before = snapshot();
  auto second = service_->create_organisation(caller, OrganisationForm{"Other", "academia", "FRA", std::nullopt});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::conflict);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(accounts_organisations, CodesAreCheckedAgainstTheReferenceData) {
  auto ada = register_user("ada@example.org");
  auto before = snapshot();
  auto bad = service_->create_organisation(
      session_caller(ada), OrganisationForm{"X Org", "guild", "XXX", std::string("javascript:alert(1)")});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::validation);
  EXPECT_EQ(bad.error().fields.size(), 3u);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(accounts_organisations, UpdatesNeedTheCurrentVersion) {
  auto ada = register_user("ada@example.org");
  auto org = service_->create_organisation(session_caller(ada), itu());
  ASSERT_TRUE(org.ok());
  auto caller = session_caller(ada);
  OrganisationPatch patch;
  patch.name = "International Telecommunication Union";
  auto before = snapshot();
  EXPECT_EQ(service_->update_organisation(caller, org->id, ExpectedVersion{}, patch).error().code,
            ErrorCode::precondition_required);
  EXPECT_EQ(service_->update_organisation(caller, org->id, version(2), patch).error().code,
            ErrorCode::precondition_failed);
  EXPECT_EQ(service_->update_organisation(caller, org->id, ExpectedVersion{true, {}}, patch).error().code,
            ErrorCode::precondition_failed);
  EXPECT_EQ(snapshot(), before);
  auto updated = service_->update_organisation(caller, org->id, version(1), patch);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->name, "International Telecommunication Union");
  EXPECT_EQ(updated->website, "https://www.itu.int");  // untouched
  // The old version is now stale.
  EXPECT_EQ(service_->update_organisation(caller, org->id, version(1), patch).error().code,
            ErrorCode::precondition_failed);
  // Clearing the website, and a patch that changes nothing writes nothing.
  OrganisationPatch clear;
  clear.website = std::optional<std::string>{};
  auto cleared = service_->update_organisation(caller, org->id, version(2), clear);
  ASSERT_TRUE(cleared.ok());
  EXPECT_FALSE(cleared->website);
  EXPECT_EQ(cleared->version, 3);
  auto unchanged_before = snapshot();
  auto same = service_->update_organisation(caller, org->id, version(3), clear);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->version, 3);
  EXPECT_EQ(snapshot(), unchanged_before);
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_feed WHERE topic = 'organisation' AND op = 'update'"), 2);
}

TEST_F(accounts_organisations, MembersAreManagedByFocalPoints) {
  auto focal = register_user("focal@example.org");
  auto org = service_->create_organisation(session_caller(focal), itu());
  ASSERT_TRUE(org.ok());
  auto member = register_user("member@example.org");
  auto added = service_->add_member(session_caller(focal), org->id, MemberForm{"member@example.org", false});
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added->user_id, member.user.id);
  EXPECT_EQ(session_caller(member).actor->organisation_id, org->id);
  EXPECT_FALSE(session_caller(member).actor->has(Role::focal_point));

  auto before = snapshot();
  // A user already in an organisation, an unknown email: refused, nothing written.
  EXPECT_EQ(service_->add_member(session_caller(focal), org->id, MemberForm{"member@example.org", false}).error().code,
            ErrorCode::conflict);
  auto unknown = service_->add_member(session_caller(focal), org->id, MemberForm{"nobody@example.org", false});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().fields.at(0).code, "not_found");
  EXPECT_EQ(snapshot(), before);
  // The last focal point cannot be removed, not even by an administrator.
  auto admin = make_admin("root@example.org");
  before = snapshot();
  EXPECT_EQ(service_->remove_member(session_caller(admin), org->id, focal.user.id).error().code, ErrorCode::conflict);
  EXPECT_EQ(service_->remove_member(session_caller(focal), org->id, focal.user.id).error().code, ErrorCode::conflict);
  EXPECT_EQ(snapshot(), before);

  auto members = service_->list_members(session_caller(focal), org->id);
  ASSERT_TRUE(members.ok());
  EXPECT_EQ(members->size(), 2u);
  // A member may leave on their own.
  ASSERT_TRUE(service_->remove_member(session_caller(member), org->id, member.user.id).ok());
  EXPECT_EQ(session_caller(member).actor->organisation_id, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_feed WHERE op = 'member_remove'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'organisation.member_remove'"), 1);
  // Removing someone who is not a member is "not found".
  EXPECT_EQ(service_->remove_member(session_caller(focal), org->id, member.user.id).error().code, ErrorCode::not_found);
}

TEST_F(accounts_organisations, ContributorMayNotManageAnOrganisation) {
  auto focal = register_user("focal@example.org");
  auto org = service_->create_organisation(session_caller(focal), itu());
  ASSERT_TRUE(org.ok());
  auto member = register_user("member@example.org");
  ASSERT_TRUE(service_->add_member(session_caller(focal), org->id, MemberForm{"member@example.org", false}).ok());
  register_user("free@example.org");
  auto outsider = register_user("outsider@example.org");
  OrganisationPatch patch;
  patch.name = "Hijacked";
  auto before = snapshot();
  for (const auto& grant : {outsider, member}) {  // a plain member is no focal point either
    auto caller = session_caller(grant);
    EXPECT_EQ(service_->update_organisation(caller, org->id, version(1), patch).error().code, ErrorCode::forbidden);
    EXPECT_EQ(service_->add_member(caller, org->id, MemberForm{"free@example.org", false}).error().code,
              ErrorCode::forbidden);
    EXPECT_EQ(service_->remove_member(caller, org->id, focal.user.id).error().code, ErrorCode::forbidden);
    EXPECT_EQ(service_->list_members(caller, org->id).error().code, ErrorCode::forbidden);
  }
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(service_->get_organisation(org->id)->name, "ITU");
  // Anonymous callers are asked to log in.
  EXPECT_EQ(service_->update_organisation(Caller{}, org->id, version(1), patch).error().code, ErrorCode::unauthorized);
  EXPECT_EQ(service_->create_organisation(Caller{}, itu()).error().code, ErrorCode::unauthorized);
}

TEST_F(accounts_organisations, FocalPointMayNotManageAnotherOrganisation) {
  auto a = register_user("a@example.org");
  auto b = register_user("b@example.org");
  auto org_a = service_->create_organisation(session_caller(a), itu());
  auto org_b = service_->create_organisation(session_caller(b), OrganisationForm{"B", "academia", "FRA", std::nullopt});
  ASSERT_TRUE(org_a.ok() && org_b.ok());
  register_user("free@example.org");
  OrganisationPatch patch;
  patch.name = "Taken over";
  auto caller = session_caller(a);
  auto before = snapshot();
  EXPECT_EQ(service_->update_organisation(caller, org_b->id, version(1), patch).error().code, ErrorCode::forbidden);
  EXPECT_EQ(service_->add_member(caller, org_b->id, MemberForm{"free@example.org", true}).error().code,
            ErrorCode::forbidden);
  EXPECT_EQ(service_->remove_member(caller, org_b->id, b.user.id).error().code, ErrorCode::forbidden);
  EXPECT_EQ(snapshot(), before);
  EXPECT_TRUE(service_->update_organisation(caller, org_a->id, version(1), patch).ok());
}

TEST_F(accounts_organisations, AdministratorManagesAnyOrganisation) {
  auto focal = register_user("focal@example.org");
  auto org = service_->create_organisation(session_caller(focal), itu());
  ASSERT_TRUE(org.ok());
  register_user("second@example.org");
  auto admin = session_caller(make_admin("root@example.org"));
  OrganisationPatch patch;
  patch.country = "FRA";
  auto updated = service_->update_organisation(admin, org->id, version(1), patch);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->country, "FRA");
  ASSERT_TRUE(service_->add_member(admin, org->id, MemberForm{"second@example.org", true}).ok());
  // With a second focal point, the first may go.
  ASSERT_TRUE(service_->remove_member(admin, org->id, focal.user.id).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE focal_point <> 0"), 1);
}

TEST_F(accounts_organisations, PermissionsHoldWhenTheWriteCommits) {
  auto focal = register_user("focal@example.org");
  auto org = service_->create_organisation(session_caller(focal), itu());
  ASSERT_TRUE(org.ok());
  register_user("second@example.org");
  register_user("free@example.org");
  auto admin = session_caller(make_admin("root@example.org"));
  // A request authenticated while `focal` was still the focal point ...
  Caller stale = session_caller(focal);
  ASSERT_TRUE(service_->add_member(admin, org->id, MemberForm{"second@example.org", true}).ok());
  ASSERT_TRUE(service_->remove_member(admin, org->id, focal.user.id).ok());
  // ... is judged by what holds now.
  auto before = snapshot();
  OrganisationPatch patch;
  patch.name = "Renamed by a former focal point";
  EXPECT_EQ(service_->update_organisation(stale, org->id, version(1), patch).error().code, ErrorCode::forbidden);
  EXPECT_EQ(service_->add_member(stale, org->id, MemberForm{"free@example.org", false}).error().code,
            ErrorCode::forbidden);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(accounts_organisations, ListingPagesById) {
  for (int i = 0; i < 5; ++i) {
    auto user = register_user("u" + std::to_string(i) + "@example.org");
    auto country = i % 2 ? "FRA" : "KEN";
    ASSERT_TRUE(service_
                    ->create_organisation(session_caller(user),
                                          OrganisationForm{"Org " + std::to_string(i), "academia", country, {}})
                    .ok());
  }
  auto first = service_->list_organisations({}, std::nullopt, 2);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 2u);
  ASSERT_TRUE(first->next_after);
  auto second = service_->list_organisations({}, first->next_after, 2);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->items.at(0).name, "Org 2");
  auto third = service_->list_organisations({}, second->next_after, 2);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->items.size(), 1u);
  EXPECT_FALSE(third->next_after);
  auto kenya = service_->list_organisations({.country = "KEN", .stakeholder_type = std::nullopt}, std::nullopt, 10);
  ASSERT_TRUE(kenya.ok());
  EXPECT_EQ(kenya->items.size(), 3u);
}

TEST_F(accounts_roles, OnlyAdministratorsGrantRoles) {
  auto user = register_user("ada@example.org");
  auto moderator = register_user("mod@example.org");
  auto admin = make_admin("root@example.org");
  ASSERT_TRUE(
      service_->set_roles(session_caller(admin), moderator.user.id, RolesForm{accounts::role_bit(Role::moderator)})
          .ok());
  auto before = snapshot();
  for (auto caller : {session_caller(user), session_caller(moderator), Caller{}}) {
    auto refused = service_->set_roles(caller, user.user.id, RolesForm{accounts::role_bit(Role::administrator)});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, caller.actor ? ErrorCode::forbidden : ErrorCode::unauthorized);
  }
  EXPECT_EQ(snapshot(), before);
  EXPECT_FALSE(session_caller(user).actor->has(Role::administrator));
  // Moderators list users; contributors do not.
  EXPECT_TRUE(service_->list_users(session_caller(moderator), {}, std::nullopt, 10).ok());
  EXPECT_EQ(service_->list_users(session_caller(user), {}, std::nullopt, 10).error().code, ErrorCode::forbidden);
}

TEST_F(accounts_roles, TheLastAdministratorKeepsTheRole) {
  auto admin = make_admin("root@example.org");
  auto caller = session_caller(admin);
  auto before = snapshot();
  auto refused = service_->set_roles(caller, admin.user.id, RolesForm{accounts::role_bit(Role::moderator)});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::conflict);
  EXPECT_EQ(snapshot(), before);
  // With a second administrator, stepping down is allowed.
  auto other = register_user("second@example.org");
  ASSERT_TRUE(service_->set_roles(caller, other.user.id, RolesForm{accounts::role_bit(Role::administrator)}).ok());
  auto stepped_down = service_->set_roles(caller, admin.user.id, RolesForm{accounts::role_bit(Role::prize_expert)});
  ASSERT_TRUE(stepped_down.ok());
  EXPECT_EQ(stepped_down->roles, accounts::role_bit(Role::contributor) | accounts::role_bit(Role::prize_expert));
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'user.roles'"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_feed WHERE topic = 'user' AND op = 'roles'"), 2);
  // Now the other one is the last.
  auto other_caller = session_caller(other);
  EXPECT_EQ(service_->set_roles(other_caller, other.user.id, RolesForm{0}).error().code, ErrorCode::conflict);
}

TEST_F(accounts_roles, UnknownUserIsNotFound) {
  auto admin = make_admin("root@example.org");
  EXPECT_EQ(service_->set_roles(session_caller(admin), 9999, RolesForm{0}).error().code, ErrorCode::not_found);
}

TEST_F(accounts_audit, OnlyAdministratorsReadItNewestFirst) {
  auto admin = make_admin("root@example.org");
  auto user = register_user("ada@example.org");
  ASSERT_FALSE(service_->login(accounts::LoginForm{"ada@example.org", "wrong password"}, {}).ok());
  EXPECT_EQ(service_->list_audit(session_caller(user), std::nullopt, std::nullopt, 10).error().code,
            ErrorCode::forbidden);
  auto all = service_->list_audit(session_caller(admin), std::nullopt, std::nullopt, 2);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->items.size(), 2u);
  EXPECT_EQ(all->items[0].action, "auth.login_failed");
  EXPECT_EQ(all->items[1].action, "auth.register");
  ASSERT_TRUE(all->next_after);
  auto rest = service_->list_audit(session_caller(admin), std::nullopt, all->next_after, 10);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->items.size(), 2u);
  EXPECT_EQ(rest->items[0].action, "auth.login");
  EXPECT_EQ(rest->items[1].action, "admin.create");
  EXPECT_FALSE(rest->next_after);
  auto failed = service_->list_audit(session_caller(admin), std::string("auth.login_failed"), std::nullopt, 10);
  ASSERT_TRUE(failed.ok());
  ASSERT_EQ(failed->items.size(), 1u);
  EXPECT_EQ(failed->items[0].target_id, "ada@example.org");
}

}  // namespace
}  // namespace wsis::testing
