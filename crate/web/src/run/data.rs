//! The data a [`Run`] trains on: a built-in set, or the learner's own samples (kept while
//! another set is in use).

use gradscope_core::{Builtin, Dataset, Error, Trainer};

use super::Run;

impl Run {
    /// True while the run trains on the learner's own samples (see [`Run::set_own_data`]).
    pub fn using_own_data(&self) -> bool {
        self.using_own
    }

    /// The learner's own samples, if any were loaded (also while another data set is in use).
    pub fn own_data(&self) -> Option<&Dataset> {
        self.own.as_ref()
    }

    /// The samples the run trains on next: the learner's own, or the built-in set.
    pub(super) fn samples(&self) -> Dataset {
        match (&self.own, self.using_own) {
            (Some(own), true) => own.clone(),
            _ => self.dataset.load(),
        }
    }

    /// Trains on `dataset` from the current run's start, keeping α and clipping. Errors: none
    /// in practice (the start was validated); the core's if the data set were refused.
    pub fn set_dataset(&mut self, dataset: Builtin) -> Result<(), Error> {
        self.version += 1;
        let mut net = self.trainer.network().clone();
        net.set_params(&self.start)?;
        let mut trainer = Trainer::new(net, dataset.load(), self.trainer.learning_rate())?;
        trainer.set_clip(self.trainer.clip())?;
        self.trainer = trainer;
        self.dataset = dataset;
        self.using_own = false;
        self.preset = None;
        self.started();
        Ok(())
    }

    /// Trains on `data` (the learner's own samples, already parsed) from the current run's
    /// start, keeping α and clipping; the samples are kept for [`Run::use_own_data`].
    pub fn set_own_data(&mut self, data: Dataset) -> Result<(), Error> {
        self.version += 1;
        let mut net = self.trainer.network().clone();
        net.set_params(&self.start)?;
        let mut trainer = Trainer::new(net, data.clone(), self.trainer.learning_rate())?;
        trainer.set_clip(self.trainer.clip())?;
        self.trainer = trainer;
        self.own = Some(data);
        self.using_own = true;
        self.preset = None;
        self.started();
        Ok(())
    }

    /// Keeps `own` as the learner's samples without training on them (a fresh run taking
    /// over an old one's upload).
    pub fn keep_own_data(&mut self, own: Option<Dataset>) {
        self.own = own;
    }

    /// Trains on the own samples loaded earlier again. Errors: none were loaded.
    pub fn use_own_data(&mut self) -> Result<(), Error> {
        let data = self.own.clone().ok_or_else(|| {
            Error::BadShape("no data of your own has been loaded yet (load a CSV file)".into())
        })?;
        self.set_own_data(data)
    }
}
