//! Money: exact decimal, in 元 with two decimals. Never binary floating point.

use std::fmt;

/// An amount in 分 (hundredths of a 元).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Amount(pub i128);

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountError {
    NotANumber,
    /// More precision than a 分 after conversion to 元.
    TooPrecise,
    TooLarge,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AmountError::NotANumber => "not a number",
            AmountError::TooPrecise => "finer than 0.01 元",
            AmountError::TooLarge => "too large",
        })
    }
}

/// The unit a form declares for its amounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountUnit {
    Yuan,
    WanYuan,
}

impl AmountUnit {
    pub fn label(self) -> &'static str {
        match self {
            AmountUnit::Yuan => "元",
            AmountUnit::WanYuan => "万元",
        }
    }
}

impl Amount {
    /// Parses a printed amount (`119, 624, 404. 76`, `1,250.5`) declared in
    /// `unit`. Whitespace and thousands separators are layout, where the
    /// separators stand every three digits.
    pub fn parse(printed: &str, unit: AmountUnit) -> Result<Amount, AmountError> {
        let spaced: String = printed.chars().filter(|c| !c.is_whitespace()).collect();
        // Thousands separators stand every three digits: a group of any
        // other length is a misread digit or mark (`1,364,3500.00`), not
        // layout to drop.
        let int_part = spaced.split('.').next().unwrap_or("");
        let groups: Vec<&str> = int_part
            .trim_start_matches('-')
            .split([',', '，'])
            .collect();
        if groups.len() > 1
            && (!(1..=3).contains(&groups[0].len()) || groups[1..].iter().any(|g| g.len() != 3))
        {
            return Err(AmountError::NotANumber);
        }
        let s: String = spaced.chars().filter(|c| *c != ',' && *c != '，').collect();
        let (neg, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.as_str()),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if int.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(AmountError::NotANumber);
        }
        if digits.ends_with('.') {
            return Err(AmountError::NotANumber);
        }
        // Value = mantissa × 10^-scale, in the declared unit.
        let mantissa: i128 = format!("{int}{frac}")
            .parse()
            .map_err(|_| AmountError::TooLarge)?;
        let scale = frac.len() as u32;
        let shift: i64 = match unit {
            AmountUnit::Yuan => 2,
            AmountUnit::WanYuan => 6,
        } - scale as i64;
        let fen = if shift >= 0 {
            mantissa
                .checked_mul(
                    10i128
                        .checked_pow(shift as u32)
                        .ok_or(AmountError::TooLarge)?,
                )
                .ok_or(AmountError::TooLarge)?
        } else {
            let div = 10i128
                .checked_pow((-shift) as u32)
                .ok_or(AmountError::TooPrecise)?;
            if mantissa % div != 0 {
                return Err(AmountError::TooPrecise);
            }
            mantissa / div
        };
        if fen > 10i128.pow(20) {
            return Err(AmountError::TooLarge);
        }
        Ok(Amount(if neg { -fen } else { fen }))
    }

    /// The digits this amount prints as in `unit` with `frac` decimals
    /// (`118560000.00` 元 with 2: `11856000000`); `None` when it has more
    /// precision than `frac` decimals show, or is negative.
    pub fn printed_digits(self, unit: AmountUnit, frac: u32) -> Option<String> {
        let per_unit: i128 = match unit {
            AmountUnit::Yuan => 100,
            AmountUnit::WanYuan => 1_000_000,
        };
        let scaled = self.0.checked_mul(10i128.checked_pow(frac)?)?;
        (self.0 >= 0 && scaled % per_unit == 0).then(|| (scaled / per_unit).to_string())
    }
}

impl std::ops::Add for Amount {
    type Output = Amount;
    fn add(self, o: Amount) -> Amount {
        Amount(self.0 + o.0)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", a / 100, a % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AmountUnit::*;

    fn yuan(s: &str) -> String {
        Amount::parse(s, Yuan).unwrap().to_string()
    }

    #[test]
    fn printed_forms() {
        assert_eq!(yuan("119,624,404.76"), "119624404.76");
        assert_eq!(yuan("119, 624, 404. 76"), "119624404.76");
        assert_eq!(yuan("0"), "0.00");
        assert_eq!(yuan("0.5"), "0.50");
        assert_eq!(yuan("333498394"), "333498394.00");
    }

    #[test]
    fn wan_yuan_is_exact() {
        assert_eq!(
            Amount::parse("12.5", WanYuan).unwrap().to_string(),
            "125000.00"
        );
        assert_eq!(
            Amount::parse("1,250.5025", WanYuan).unwrap().to_string(),
            "12505025.00"
        );
        assert_eq!(
            Amount::parse("0.000001", WanYuan).unwrap().to_string(),
            "0.01"
        );
        // 0.1 + 0.2 in binary floating point is not 0.3; here it is.
        let s = Amount::parse("0.1", WanYuan).unwrap() + Amount::parse("0.2", WanYuan).unwrap();
        assert_eq!(s, Amount::parse("0.3", WanYuan).unwrap());
        assert_eq!(
            Amount::parse("99999999999999.99", Yuan)
                .unwrap()
                .to_string(),
            "99999999999999.99"
        );
    }

    #[test]
    fn rejects() {
        assert_eq!(Amount::parse("1.005", Yuan), Err(AmountError::TooPrecise));
        assert_eq!(
            Amount::parse("0.0000001", WanYuan),
            Err(AmountError::TooPrecise)
        );
        for bad in [
            "",
            "abc",
            "1.2.3",
            "12元",
            ".5",
            "5.",
            "--1",
            "1,364,3500.00",
            "1234,567",
            ",500",
        ] {
            assert_eq!(
                Amount::parse(bad, Yuan),
                Err(AmountError::NotANumber),
                "{bad}"
            );
        }
    }
}
