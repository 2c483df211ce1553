//! Which list operations page (config `pagination`) and where a page's items are: an
//! envelope's `data` list, or the `pagination.items` list property of a bare JSON response.

use super::Lowerer;
use crate::ir::{ItemsField, Pagination, Param, ResponseKind, TypeKind, TypeRef};

/// How many aliases are followed to reach a response struct.
const MAX_ALIASES: usize = 8;

impl Lowerer<'_> {
    /// The operation's paging, when it has an optional integer `page` query parameter and its
    /// response is a list: the envelope's `data`, or the configured items property of a bare body.
    pub(super) fn pagination(
        &self,
        query: &[Param],
        response: &ResponseKind,
    ) -> Option<Pagination> {
        let config = self.config.pagination.as_ref()?;
        let page = query.iter().find(|p| p.wire_name == config.page)?;
        // Altegio types `page` as `number` as often as `integer`; both page fine.
        let page_is_int = matches!(
            strip_option(&page.ty),
            TypeRef::I32 | TypeRef::I64 | TypeRef::F64
        );
        if !page_is_int || page.required {
            return None;
        }
        let (item, items_field) = match response {
            ResponseKind::Envelope {
                data: TypeRef::Vec(item),
                ..
            } => ((**item).clone(), None),
            ResponseKind::Json { ty } => {
                let (item, field) = self.items_of(ty, config.items.as_deref()?)?;
                (item, Some(field))
            }
            _ => return None,
        };
        let count_field = query
            .iter()
            .find(|p| config.count.contains(&p.wire_name))
            .map(|p| p.rust_name.clone());
        Some(Pagination {
            page_field: page.rust_name.clone(),
            count_field,
            item,
            items_field,
        })
    }

    /// The item type and field of the list property `wire` of the generated struct `ty`.
    fn items_of(&self, ty: &TypeRef, wire: &str) -> Option<(TypeRef, ItemsField)> {
        let mut current = ty;
        for _ in 0..MAX_ALIASES {
            let TypeRef::Named(path) = current else {
                return None;
            };
            let (module, name) = path.rsplit_once("::")?;
            let def = self
                .modules
                .get(module)?
                .types
                .iter()
                .find(|t| t.name == name)?;
            match &def.kind {
                TypeKind::Alias { target } => current = target,
                TypeKind::Struct { fields, .. } => {
                    let field = fields.iter().find(|f| f.wire_name == wire)?;
                    let (list, optional) = match &field.ty {
                        TypeRef::Option(inner) => (&**inner, true),
                        other => (other, false),
                    };
                    let TypeRef::Vec(item) = list else {
                        return None;
                    };
                    let items = ItemsField {
                        rust_name: field.rust_name.clone(),
                        optional,
                    };
                    return Some(((**item).clone(), items));
                }
                _ => return None,
            }
        }
        None
    }
}

fn strip_option(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Option(inner) => inner,
        other => other,
    }
}
