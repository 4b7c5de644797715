//! What every piece of learning material says about itself: the study notes (SEED_COVERAGE.md
//! ids S1..S56) it demonstrates and the exam domain it serves.

/// The certification exam a piece of material prepares for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Exam {
    /// AWS Certified Data Engineer - Associate (DEA-C01).
    DataEngineer,
    /// AWS Certified Solutions Architect - Associate (SAA-C03).
    SolutionsArchitect,
}

impl Exam {
    pub const ALL: [Exam; 2] = [Exam::DataEngineer, Exam::SolutionsArchitect];

    pub fn code(self) -> &'static str {
        match self {
            Exam::DataEngineer => "DEA-C01",
            Exam::SolutionsArchitect => "SAA-C03",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Exam::DataEngineer => "Data Engineer - Associate",
            Exam::SolutionsArchitect => "Solutions Architect - Associate",
        }
    }
}

/// Both associate exams: most streaming material serves both.
pub const BOTH: &[Exam] = &[Exam::DataEngineer, Exam::SolutionsArchitect];
pub const DEA: &[Exam] = &[Exam::DataEngineer];
