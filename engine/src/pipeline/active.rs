//! A pipeline's instances, with an index of the ones that can still change: a look at the
//! pipeline visits only those. A year of hourly periods keeps up to `tick::MAX_INSTANCES`
//! instances, nearly all of them done; walking all of them on every look cost about a second
//! of wall time per virtual day.
//!
//! The index is kept by the store itself, so no caller can forget it: the only way to change
//! an instance is [`Instances::get_mut`], whose guard puts the instance in or out of the
//! index when it is dropped, by its status then.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::{Deref, DerefMut};

use super::model::Instance;

/// Instances by id (`@<component>_<scheduledStartTime>`); `active` holds the ids of those whose
/// status is not terminal (`Status::is_terminal`), in the same order as the map, so walking it
/// meets them in the order a walk of the whole map would.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Instances {
    all: BTreeMap<String, Instance>,
    active: BTreeSet<String>,
}

impl Instances {
    pub fn get(&self, id: &str) -> Option<&Instance> {
        self.all.get(id)
    }

    /// Generic over the key's borrowed forms, as `BTreeMap::contains_key` is.
    pub fn contains_key<Q: Ord + ?Sized>(&self, id: &Q) -> bool
    where
        String: std::borrow::Borrow<Q>,
    {
        self.all.contains_key(id)
    }

    pub fn len(&self) -> usize {
        self.all.len()
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// Every instance, by id.
    pub fn values(&self) -> impl Iterator<Item = &Instance> {
        self.all.values()
    }

    /// Every id, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.all.keys()
    }

    /// The instances that are not done, by id.
    pub fn active(&self) -> impl Iterator<Item = &Instance> {
        self.active.iter().filter_map(|id| self.all.get(id))
    }

    /// The ids of the instances that are not done, by id.
    pub fn active_ids(&self) -> Vec<String> {
        self.active.iter().cloned().collect()
    }

    /// Adds an instance under its id (replacing one of the same id).
    pub fn insert(&mut self, instance: Instance) {
        let id = instance.id.clone();
        sync(&mut self.active, &instance);
        self.all.insert(id, instance);
    }

    pub fn remove(&mut self, id: &str) -> Option<Instance> {
        self.active.remove(id);
        self.all.remove(id)
    }

    pub fn clear(&mut self) {
        self.all.clear();
        self.active.clear();
    }

    /// The instance to change; the index follows its status when the guard is dropped.
    pub fn get_mut(&mut self, id: &str) -> Option<InstanceMut<'_>> {
        let inst = self.all.get_mut(id)?;
        Some(InstanceMut { inst, active: &mut self.active })
    }

    /// Whether the index holds exactly the instances a full scan finds not done.
    pub fn index_matches_scan(&self) -> bool {
        let scan: BTreeSet<&String> =
            self.all.values().filter(|i| !i.status.is_terminal()).map(|i| &i.id).collect();
        scan.len() == self.active.len() && scan.into_iter().eq(self.active.iter())
    }
}

/// An instance being changed (see [`Instances::get_mut`]).
pub struct InstanceMut<'a> {
    inst: &'a mut Instance,
    active: &'a mut BTreeSet<String>,
}

impl Deref for InstanceMut<'_> {
    type Target = Instance;
    fn deref(&self) -> &Instance {
        self.inst
    }
}

impl DerefMut for InstanceMut<'_> {
    fn deref_mut(&mut self) -> &mut Instance {
        self.inst
    }
}

impl Drop for InstanceMut<'_> {
    fn drop(&mut self) {
        sync(self.active, self.inst);
    }
}

/// Puts `inst` in the index or takes it out, by its status.
fn sync(active: &mut BTreeSet<String>, inst: &Instance) {
    if inst.status.is_terminal() {
        active.remove(&inst.id);
    } else if !active.contains(&inst.id) {
        active.insert(inst.id.clone());
    }
}

impl crate::sim::WorldView<'_> {
    /// Whether every pipeline's index of instances not done is what a full scan finds: a check
    /// for tests (the index is internal), cheap enough to make after every command.
    pub fn pipeline_indexes_match_scans(&self) -> bool {
        self.services.pipeline.pipelines.values().all(|p| p.instances.index_matches_scan())
    }
}
