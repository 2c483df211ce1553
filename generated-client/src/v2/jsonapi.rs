//! JSON:API helpers for the B2B API v2 (hand-written): find `included` resources by
//! `(type, id)`, follow relationship linkage to them, and decode their untyped `attributes`.
//!
//! v2 responses are compound documents: `data` holds typed resources whose `relationships`
//! name related resources by `{type, id}` ([`ResourceIdentifier`]), and `included` carries those
//! related resources as [`IncludedResource`]s (`attributes` untyped, since the spec leaves them
//! open). Ids stay strings, as the spec documents them.
//!
//! ```
//! use altegio::v2::appointments::ListAppointmentsResponse;
//! use altegio::v2::jsonapi::{find_included, related};
//! use altegio::v2::models::TeamMemberResourceAttributes;
//!
//! let body = serde_json::json!({
//!     "data": [{
//!         "type": "record", "id": "12345", "attributes": {"staff_id": 42},
//!         "relationships": {"staff": {"data": {"type": "staff", "id": "42"}}}
//!     }],
//!     "included": [{"type": "staff", "id": "42", "attributes": {"name": "John Smith"}}],
//!     "meta": {"pagination": {"page": 1, "offset": 0, "limit": 250}}
//! });
//! let page: ListAppointmentsResponse = serde_json::from_value(body)?;
//! let included = page.included.as_deref().unwrap_or_default();
//!
//! let staff = page.data[0].relationships.as_ref().and_then(|r| r.staff.as_ref());
//! let [member] = related(included, &staff)[..] else { panic!("one staff member") };
//! let attributes: TeamMemberResourceAttributes = member.attributes_as()?;
//! assert_eq!(attributes.name, "John Smith");
//! assert!(find_included(included, "staff", "42").is_some());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::v2::models::{
    IncludedResource, ResourceIdentifier, ToManyRelationship, ToOneRelationship,
};

/// Anything identified by a JSON:API `(type, id)` pair with a string `type`: an
/// [`IncludedResource`] or a [`ResourceIdentifier`].
pub trait Identified {
    /// The resource's `type`.
    fn resource_type(&self) -> &str;
    /// The resource's `id` (a string, as the spec documents it).
    fn resource_id(&self) -> &str;
    /// Whether this is the resource `(resource_type, id)`.
    fn is(&self, resource_type: &str, id: &str) -> bool {
        self.resource_type() == resource_type && self.resource_id() == id
    }
}

impl Identified for IncludedResource {
    fn resource_type(&self) -> &str {
        &self.r#type
    }
    fn resource_id(&self) -> &str {
        &self.id
    }
}

impl Identified for ResourceIdentifier {
    fn resource_type(&self) -> &str {
        &self.r#type
    }
    fn resource_id(&self) -> &str {
        &self.id
    }
}

/// A relationship's resource linkage: the identifiers its `data` names (none or one for a
/// to-one relationship, any number for a to-many one).
pub trait Linkage {
    /// The identifiers, in the order the server sent them.
    fn identifiers(&self) -> &[ResourceIdentifier];
}

impl Linkage for ToOneRelationship {
    fn identifiers(&self) -> &[ResourceIdentifier] {
        self.data.as_slice()
    }
}

impl Linkage for ToManyRelationship {
    fn identifiers(&self) -> &[ResourceIdentifier] {
        &self.data
    }
}

impl Linkage for Relationship {
    fn identifiers(&self) -> &[ResourceIdentifier] {
        match self {
            Relationship::ToOne(one) => one.identifiers(),
            Relationship::ToMany(many) => many.identifiers(),
        }
    }
}

/// A relationship that was not sent (an optional field of a typed `relationships`) names nothing.
impl<L: Linkage> Linkage for Option<L> {
    fn identifiers(&self) -> &[ResourceIdentifier] {
        self.as_ref().map_or(&[], L::identifiers)
    }
}

impl<L: Linkage + ?Sized> Linkage for &L {
    fn identifiers(&self) -> &[ResourceIdentifier] {
        (**self).identifiers()
    }
}

/// A relationship read from an [`IncludedResource`]'s untyped `relationships`
/// (see [`IncludedResource::relationship`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Relationship {
    /// `data` is one identifier or `null`.
    ToOne(ToOneRelationship),
    /// `data` is a list of identifiers.
    ToMany(ToManyRelationship),
}

/// The resource `(resource_type, id)` among `included`, if the server sent it.
pub fn find_included<'a, R: Identified>(
    included: &'a [R],
    resource_type: &str,
    id: &str,
) -> Option<&'a R> {
    included.iter().find(|r| r.is(resource_type, id))
}

/// The included resources a relationship names, in the relationship's order. Identifiers whose
/// resource is not in `included` (not requested with `include`, or not sent) are skipped.
pub fn related<'a, R: Identified>(included: &'a [R], relationship: &impl Linkage) -> Vec<&'a R> {
    relationship
        .identifiers()
        .iter()
        .filter_map(|ident| find_included(included, &ident.r#type, &ident.id))
        .collect()
}

/// An included resource's `attributes` did not decode as the requested type.
#[derive(Debug, thiserror::Error)]
#[error("attributes of included resource `{resource_type}` `{id}`, at `{path}`: {source}")]
pub struct AttributesError {
    /// The resource's `type`.
    pub resource_type: String,
    /// The resource's `id`.
    pub id: String,
    /// Where in `attributes` decoding failed (`.` for the whole object).
    pub path: String,
    /// What serde reported.
    #[source]
    pub source: serde_json::Error,
}

impl IncludedResource {
    /// Decodes `attributes` into a typed struct, e.g. a generated `*ResourceAttributes`.
    ///
    /// # Errors
    ///
    /// [`AttributesError`], naming the resource and the failing attribute, when `attributes`
    /// does not match `T`.
    pub fn attributes_as<T: DeserializeOwned>(&self) -> Result<T, AttributesError> {
        let object: serde_json::Map<String, Value> = self
            .attributes
            .iter()
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        serde_path_to_error::deserialize(Value::Object(object)).map_err(|e| AttributesError {
            resource_type: self.r#type.clone(),
            id: self.id.clone(),
            path: e.path().to_string(),
            source: e.into_inner(),
        })
    }

    /// The relationship `name` from the untyped `relationships`: to-one when its `data` is an
    /// identifier or `null`, to-many when it is a list. `None` when the relationship is absent or
    /// has no `data` resource linkage.
    pub fn relationship(&self, name: &str) -> Option<Relationship> {
        let relationship = self.relationships.as_ref()?.get(name)?;
        match relationship.get("data")? {
            Value::Array(_) => ToManyRelationship::deserialize(relationship)
                .ok()
                .map(Relationship::ToMany),
            Value::Null | Value::Object(_) => ToOneRelationship::deserialize(relationship)
                .ok()
                .map(Relationship::ToOne),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::v2::appointments::ListAppointmentsResponse;
    use crate::v2::models::{TagAttributes, TeamMemberResourceAttributes};
    use serde_json::json;

    /// The spec's `list_appointments` example, with the relationships and `included` of
    /// `?include=staff&include=labels`; the included resources are the spec's `list_team_members`
    /// and `list_tags` examples (its examples never fill `included` themselves).
    fn appointments_page() -> ListAppointmentsResponse {
        let body = r##"{
            "data": [{
                "type": "record",
                "id": "12345",
                "attributes": {
                    "company_id": 1, "external_id": "", "visit_id": 0, "booking_user_id": 100,
                    "bookform_id": 3, "master_id": 42, "staff_id": 42, "client_id": 500,
                    "comer_id": null, "source": 12, "attendance": 0, "attendance_status": 0,
                    "attendance_status_slug": "waiting", "client_fictive_name": null,
                    "client_fictive_phone": null, "client_fictive_email": null,
                    "clients_count": 1, "activity_id": 0, "custom_color": "",
                    "custom_font_color": "", "length": 3600, "duration": 3600, "paid_full": 0,
                    "is_paid": false, "is_overpaid": false, "timestamp": 1768467600,
                    "date": "2026-01-15T10:00:00", "created_datetime": "2026-01-10T15:30:00",
                    "from_url": "", "is_mobile": 0, "comment": "", "prepaid_status": 0,
                    "record_from": "API", "payment_status": null, "is_sale_bill_printed": null,
                    "is_client_notification_sent": false
                },
                "relationships": {
                    "staff": {"data": {"type": "staff", "id": "42"}},
                    "comer": {"data": null},
                    "labels": {"data": [
                        {"type": "tag", "id": "241626"},
                        {"type": "tag", "id": "241625"},
                        {"type": "tag", "id": "999999"}
                    ]}
                }
            }],
            "included": [
                {
                    "type": "tag", "id": "241625",
                    "attributes": {
                        "company_id": 68570, "title": "VIP Booking User", "color": "#ff2828",
                        "font_color": "#ffffff", "icon": "star", "entity_type": "client",
                        "is_deleted": false, "is_editable": true
                    }
                },
                {
                    "type": "staff", "id": "42",
                    "attributes": {
                        "name": "John Smith", "tt_markup": 15, "specialization": "Senior Stylist",
                        "image": "https://cdn.altegio.com/team-members/42.jpg", "position_id": 5,
                        "is_available_as_assistant": false
                    },
                    "relationships": {"position": {"data": {"type": "position", "id": "5"}}}
                },
                {
                    "type": "tag", "id": "241626",
                    "attributes": {
                        "company_id": 68570, "title": "Regular Booking User", "color": "#009800",
                        "font_color": "#ffffff", "icon": "user", "entity_type": "client",
                        "is_deleted": false, "is_editable": true
                    }
                }
            ],
            "meta": {"pagination": {"page": 1, "offset": 0, "limit": 250}}
        }"##;
        serde_json::from_str(body).unwrap_or_else(|e| panic!("the example decodes: {e}"))
    }

    #[test]
    fn a_real_response_keeps_string_ids_and_typed_attributes() {
        let page = appointments_page();
        let record = &page.data[0];
        assert_eq!(record.id, "12345");
        assert_eq!(record.attributes.staff_id, 42);
        assert_eq!(page.meta.pagination.limit, 250);
        let included = page.included.as_deref().unwrap_or_default();
        assert_eq!(included.len(), 3);
        assert!(included.iter().all(|r| r.id.parse::<u64>().is_ok()));
    }

    #[test]
    fn included_resources_are_found_by_type_and_id() {
        let page = appointments_page();
        let included = page.included.as_deref().unwrap_or_default();
        let staff = find_included(included, "staff", "42").map(|r| r.attributes["name"].clone());
        assert_eq!(staff, Some(json!("John Smith")));
        // The type is part of the key: id 42 is no tag.
        assert!(find_included(included, "tag", "42").is_none());
        assert!(find_included(included, "staff", "43").is_none());
    }

    #[test]
    fn a_to_one_relationship_leads_to_its_typed_resource() {
        let page = appointments_page();
        let included = page.included.as_deref().unwrap_or_default();
        let relationships = page.data[0].relationships.as_ref();
        let staff = relationships.and_then(|r| r.staff.as_ref());
        let found = related(included, &staff);
        assert_eq!(found.len(), 1);
        let member: TeamMemberResourceAttributes =
            found[0].attributes_as().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (member.name.as_str(), member.position_id, member.tt_markup),
            ("John Smith", 5, 15)
        );
        // `{"data": null}`: an empty to-one relationship names nothing.
        let comer = relationships.and_then(|r| r.comer.as_ref());
        assert!(comer.is_some_and(|c| c.data.is_none()));
        assert!(related(included, &comer).is_empty());
        // A relationship that was not sent names nothing either.
        assert!(related(included, &relationships.and_then(|r| r.client.as_ref())).is_empty());
    }

    #[test]
    fn a_to_many_relationship_keeps_its_order_and_skips_what_was_not_included() {
        let page = appointments_page();
        let included = page.included.as_deref().unwrap_or_default();
        let labels = page.data[0]
            .relationships
            .as_ref()
            .and_then(|r| r.labels.as_ref());
        let tags: Vec<TagAttributes> = related(included, &labels)
            .into_iter()
            .map(|r| r.attributes_as().unwrap_or_else(|e| panic!("{e}")))
            .collect();
        let titles: Vec<&str> = tags.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, ["Regular Booking User", "VIP Booking User"]);
        assert_eq!(tags[1].company_id, 68570);
    }

    #[test]
    fn relationships_of_included_resources_are_followed_too() {
        let page = appointments_page();
        let included = page.included.as_deref().unwrap_or_default();
        let member = find_included(included, "staff", "42");
        let position = member.and_then(|m| m.relationship("position"));
        let expected = ResourceIdentifier {
            r#type: "position".into(),
            id: "5".into(),
        };
        assert_eq!(position.identifiers(), [expected]);
        assert!(matches!(position, Some(Relationship::ToOne(_))));
        assert!(member.and_then(|m| m.relationship("employee")).is_none());

        let resource = IncludedResource {
            r#type: "service".into(),
            id: "100".into(),
            relationships: Some(
                [(
                    "resources".to_string(),
                    json!({"data": [{"type": "resource", "id": "7"}, {"type": "resource", "id": "8"}]}),
                ), ("links_only".to_string(), json!({"links": {"self": "/x"}}))]
                .into_iter()
                .collect(),
            ),
            ..Default::default()
        };
        let many = resource.relationship("resources");
        assert!(matches!(&many, Some(Relationship::ToMany(m)) if m.data.len() == 2));
        assert_eq!(many.identifiers()[1].id, "8");
        assert!(resource.relationship("links_only").is_none());
    }

    #[test]
    fn attributes_of_the_wrong_shape_are_an_error_naming_the_resource() {
        let page = appointments_page();
        let included = page.included.as_deref().unwrap_or_default();
        let tag = find_included(included, "tag", "241625");
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Strict {
            title: u32,
        }
        let error = tag.map(|t| t.attributes_as::<Strict>());
        let Some(Err(error)) = error else {
            panic!("a string title is no u32: {error:?}");
        };
        assert_eq!(
            (error.resource_type.as_str(), error.id.as_str()),
            ("tag", "241625")
        );
        assert_eq!(error.path, "title");
        assert!(error.to_string().contains("`tag` `241625`"), "{error}");
    }
}
